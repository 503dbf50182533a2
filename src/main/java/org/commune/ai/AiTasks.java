package org.commune.ai;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.commune.governance.deliberation.Comments;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.Articles;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The three tasks that ship: translation of an article, drafting a statement from a brief, and a
 * summary of a proposal's discussion. Each runs in the background (a 3B model on 2 cores needs half a
 * minute), shows its progress while the text streams in, and ends as a draft for review.
 */
@Service
public class AiTasks {

  private static final Logger LOG = LoggerFactory.getLogger(AiTasks.class);

  private final AiGateway gateway;
  private final DraftRepository drafts;
  private final Articles articles;
  private final Proposals proposals;
  private final Comments comments;
  private final TaskExecutor executor;
  private final Clock clock;
  private final AiCallRepository calls;
  /** Text streamed so far, per running job (held in memory only while the job runs, then dropped). */
  private final Map<UUID, StringBuilder> streaming = new ConcurrentHashMap<>();

  AiTasks(AiGateway gateway, DraftRepository drafts, Articles articles, Proposals proposals, Comments comments,
      @Qualifier("applicationTaskExecutor") TaskExecutor executor, Clock clock, AiCallRepository calls) {
    this.calls = calls;
    this.gateway = gateway;
    this.drafts = drafts;
    this.articles = articles;
    this.proposals = proposals;
    this.comments = comments;
    this.executor = executor;
    this.clock = clock;
  }

  /** A job as its page shows it: state, text so far, and the call and draft it produced. */
  public record JobView(UUID id, String task, String state, String partial, @Nullable UUID call, @Nullable UUID draft,
      String reasonKey) {
    public boolean finished() {
      return "done".equals(state) || "failed".equals(state);
    }
  }

  public Optional<JobView> job(UUID id, MemberId viewer) {
    return drafts.job(id).filter(j -> j.requester().equals(viewer.value())).map(j -> new JobView(j.id(), j.task(),
        j.state(), streaming.getOrDefault(j.id(), new StringBuilder()).toString(), j.call(), j.draft(),
        reasonKey(j.call())));
  }

  /** Why a failed job's call did not complete, as a message key the page shows in the member's language. */
  private String reasonKey(@Nullable UUID call) {
    if (call == null) {
      return "";
    }
    return calls.find(call).map(AiCall::reasonCode).flatMap(code -> Arrays.stream(AiReason.values())
        .filter(r -> r.code().equals(code)).findFirst()).map(AiReason::messageKey).orElse("");
  }

  /** Translates a published article's version into the other language. */
  @Transactional
  public UUID translate(MemberId member, String articleId, String from) {
    UUID article = uuid(articleId, "article", "articles.unknown");
    ArticleVersion source = articles.version(article, from == null ? "" : from)
        .orElseThrow(() -> InvalidInput.of("article", "articles.unknown"));
    String to = "ar".equals(source.language()) ? "en" : "ar";
    AiRequest request = new AiRequest(member, AiTask.TRANSLATE, DataClass.PUBLIC, article,
        Map.of("from", languageName(source.language()), "to", languageName(to)),
        source.title() + "\n\n" + source.body());
    return start(request, to);
  }

  /** Drafts a statement from a member's brief. */
  @Transactional
  public UUID draft(MemberId member, String brief, String language) {
    String text = brief == null ? "" : brief.strip();
    if (text.isEmpty()) {
      throw InvalidInput.of("brief", "input.required");
    }
    if (!Articles.LANGUAGES.contains(language)) {
      throw InvalidInput.of("language", "articles.language.invalid");
    }
    return start(new AiRequest(member, AiTask.DRAFT, DataClass.MEMBER, null, Map.of("language", languageName(language)),
        text), language);
  }

  /** Summarises a proposal's discussion; each comment goes in labelled [cN] with its stance. */
  @Transactional
  public UUID summarise(MemberId member, String proposalId, String language) {
    ProposalId id;
    try {
      id = ProposalId.parse(proposalId == null ? "" : proposalId.strip());
    } catch (IllegalArgumentException e) {
      throw InvalidInput.of("proposal", "proposals.unknown");
    }
    ProposalView proposal = proposals.find(id, member).orElseThrow(() -> InvalidInput.of("proposal", "proposals.unknown"));
    List<Comments.CommentView> said = comments.comments(id).stream().filter(Comments.CommentView::shown).toList();
    if (said.isEmpty()) {
      throw InvalidInput.of("proposal", "ai.summarise.no-comments");
    }
    if (!Articles.LANGUAGES.contains(language)) {
      throw InvalidInput.of("language", "articles.language.invalid");
    }
    StringBuilder data = new StringBuilder("Proposal: ").append(proposal.title()).append('\n');
    for (int i = 0; i < said.size(); i++) {
      data.append("[c").append(i + 1).append("] (").append(said.get(i).stance()).append(") ")
          .append(said.get(i).body().replace('\n', ' ')).append('\n');
    }
    return start(new AiRequest(member, AiTask.SUMMARISE, DataClass.MEMBER, id.value(),
        Map.of("language", languageName(language), "title", "the proposal in the data block"), data.toString()),
        language, said.size());
  }

  private UUID start(AiRequest request, String language) {
    return start(request, language, 0);
  }

  private UUID start(AiRequest request, String language, int comments) {
    UUID job = UUID.randomUUID();
    // The call's id is chosen now and stored with the job: after a restart, AiJobRecovery can tell whether the
    // call was recorded and, if not, record it as interrupted (exactly one record per call).
    UUID call = UUID.randomUUID();
    drafts.insertJob(job, request.requester().value(), request.task().code(), clock.instant(), call, request.subject(),
        request.dataClass().code(), gateway.inputDigest(request));
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        executor.execute(() -> run(job, call, request, language, comments));
      }
    });
    return job;
  }

  private void run(UUID job, UUID plannedCall, AiRequest request, String language, int comments) {
    StringBuilder partial = new StringBuilder();
    streaming.put(job, partial);
    UUID call = null;
    try {
      drafts.jobState(job, "running", null, null, null);
      AiResult result = gateway.call(plannedCall, request, token -> {
        synchronized (partial) {
          partial.append(token);
        }
      });
      call = result.call();
      if (!result.completed() || result.text() == null) {
        drafts.jobState(job, "failed", result.call(), null, clock.instant());
        return;
      }
      String text = result.text().strip();
      String title;
      String body;
      if (request.task() == AiTask.SUMMARISE) {
        title = "Summary";
        body = text;
      } else {
        int split = text.indexOf('\n');
        title = (split < 0 ? text : text.substring(0, split)).replaceFirst("^#+\\s*", "").strip();
        body = split < 0 ? "" : text.substring(split + 1).strip();
        if (title.length() > 200) {
          title = title.substring(0, 200);
        }
        if (body.isEmpty()) {
          body = title;
        }
      }
      String status = "pending";
      String reason = null;
      if (request.task() == AiTask.SUMMARISE) {
        Optional<String> problem = Citations.problem(text, comments);
        if (problem.isPresent()) {
          status = "auto_rejected";
          reason = problem.get().length() > 500 ? problem.get().substring(0, 500) : problem.get();
        }
      }
      UUID draft = UUID.randomUUID();
      drafts.insert(draft, result.call(), request.task().code(), request.requester().value(), request.subject(),
          language, title.isEmpty() ? "—" : title, body, status, reason, clock.instant());
      drafts.jobState(job, "done", result.call(), draft, clock.instant());
    } catch (RuntimeException e) {
      // The call itself is recorded by the gateway; this is a failure after it (storing the draft).
      LOG.warn("AI job {} failed after its call: {}", job, e.getClass().getSimpleName() + ": " + e.getMessage());
      drafts.jobState(job, "failed", call, null, clock.instant());
    } finally {
      streaming.remove(job);
    }
  }

  private static String languageName(String code) {
    return "ar".equals(code) ? "Arabic" : "English";
  }

  static UUID uuid(String text, String field, String key) {
    try {
      return UUID.fromString(text == null ? "" : text.strip());
    } catch (IllegalArgumentException e) {
      throw InvalidInput.of(field, key);
    }
  }

  /** Kept for the record page: the tasks in the order they are offered. */
  public static List<String> taskCodes() {
    List<String> codes = new ArrayList<>();
    for (AiTask t : AiTask.values()) {
      codes.add(t.code());
    }
    return codes;
  }
}
