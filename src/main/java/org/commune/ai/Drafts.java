package org.commune.ai;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commune.governance.GovernanceRecorded;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.publishing.Articles;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * AI output is a draft. A named member other than the one who asked approves it (as it is, or
 * edited) or rejects it. Approved translations become language versions of their article, approved
 * statements become articles, both labelled AI-assisted; approved summaries are shown with the label.
 */
@Service
public class Drafts {

  private final DraftRepository drafts;
  private final AiCallRepository calls;
  private final Articles articles;
  private final Members members;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Charters charters;

  Drafts(DraftRepository drafts, AiCallRepository calls, Articles articles, Members members,
      ApplicationEventPublisher events, Clock clock, Charters charters) {
    this.charters = charters;
    this.drafts = drafts;
    this.calls = calls;
    this.articles = articles;
    this.members = members;
    this.events = events;
    this.clock = clock;
  }

  /** A draft as the review pages show it ({@code mine}: the viewer asked for it and may not review it). */
  public record DraftView(UUID id, UUID call, String task, String requester, boolean mine, @Nullable UUID subject,
      String language, String title, String body, String status, String reason, String reviewer, @Nullable Instant reviewedAt,
      boolean edited, String model, boolean mayApprove) {}

  public List<DraftView> newest(MemberId viewer) {
    return view(drafts.newest(100), viewer);
  }

  /**
   * Drafts waiting for this member's review: pending, asked for by someone else (a requester never
   * reviews their own), and of a kind the member may approve (publishing ones need a publisher).
   */
  public List<DraftView> waitingForReview(MemberId viewer, int count) {
    return view(drafts.pendingNotBy(viewer.value(), count * 4), viewer).stream()
        .filter(DraftView::mayApprove).limit(count).toList();
  }

  public Optional<DraftView> find(UUID id, MemberId viewer) {
    return drafts.find(id).map(r -> view(List.of(r), viewer).get(0));
  }

  /**
   * Approves a pending draft, possibly edited. The reviewer must not be the requester (also a
   * database constraint). Returns the article it became, if it became one.
   */
  @Transactional
  public Optional<UUID> approve(MemberId reviewer, UUID id, String title, String body) {
    DraftRepository.Row draft = drafts.lock(id).orElseThrow(() -> InvalidInput.of("form", "ai.drafts.unknown"));
    if (!"pending".equals(draft.status())) {
      throw InvalidInput.of("form", "ai.drafts.settled");
    }
    if (draft.requester().equals(reviewer.value()) && !mayApproveOwn(draft.task())) {
      throw InvalidInput.of("form", "ai.drafts.same-person");
    }
    if (publishes(draft.task())) {
      // Approving these publishes: the same rule as writing an article (checked again by Articles).
      articles.checkPublisher(reviewer);
    }
    String t = normalise(title);
    String b = normalise(body);
    if (t.isEmpty() || b.isEmpty()) {
      throw InvalidInput.of("body", "input.required");
    }
    if (t.length() > 200 || b.length() > 50_000) {
      throw InvalidInput.of("body", "input.too-long");
    }
    // Redaction markers ([member], [phone], [email]) mean the model never saw what belongs there;
    // the reviewer writes it (or leaves it out) before anything is published.
    if (PersonalData.hasPlaceholders(t) || PersonalData.hasPlaceholders(b)) {
      throw InvalidInput.of("body", "ai.drafts.placeholders");
    }
    // Compared as text, not bytes: a browser posts a textarea with CRLF line endings, and unchanged
    // text must not be labelled "edited by a person".
    boolean edited = !t.equals(normalise(draft.title())) || !b.equals(normalise(draft.body()));
    Instant now = clock.instant();
    drafts.settle(id, "approved", reviewer.value(), now, t, b, edited, null);
    String model = calls.find(draft.call()).map(AiCall::model).orElse("unknown");
    Optional<UUID> article = Optional.empty();
    if ("translate".equals(draft.task())) {
      article = Optional.of(articles.publishAiAssisted(draft.subject(), new MemberId(draft.requester()), draft.language(),
          t, b, model == null ? "unknown" : model, reviewer, edited));
    } else if ("draft".equals(draft.task())) {
      article = Optional.of(articles.publishAiAssisted(null, new MemberId(draft.requester()), draft.language(), t, b,
          model == null ? "unknown" : model, reviewer, edited));
    }
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "ai.draft-approved",
        Map.of("draft", id.toString(), "call", draft.call().toString(), "reviewer", reviewer.toString(),
            "edited", Boolean.toString(edited), "article", article.map(UUID::toString).orElse(""))));
    return article;
  }

  /** Approving a translation or a statement publishes it; a summary stays among members. */
  private static boolean publishes(String task) {
    return "translate".equals(task) || "draft".equals(task);
  }

  /** Line endings made LF, trailing spaces of each line and blank lines at both ends removed. */
  static String normalise(@Nullable String text) {
    if (text == null) {
      return "";
    }
    return text.replace("\r\n", "\n").replace('\r', '\n').lines().map(String::stripTrailing)
        .collect(Collectors.joining("\n")).strip();
  }

  /**
   * Whether the requester may approve their own draft: never for text that is published; for a
   * summary (which stays among members) when the charter's clause for the task does not ask for a
   * second reviewer.
   */
  public boolean mayApproveOwn(String task) {
    if (!"summarise".equals(task)) {
      return false;
    }
    return charters.current().flatMap(v -> v.charter().clause(AiTask.SUMMARISE))
        .map(clause -> !clause.secondReviewer()).orElse(false);
  }

  @Transactional
  public void reject(MemberId reviewer, UUID id, String reason) {
    DraftRepository.Row draft = drafts.lock(id).orElseThrow(() -> InvalidInput.of("form", "ai.drafts.unknown"));
    if (!"pending".equals(draft.status())) {
      throw InvalidInput.of("form", "ai.drafts.settled");
    }
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty()) {
      throw InvalidInput.of("reason", "ai.drafts.reason");
    }
    if (why.length() > 500) {
      throw InvalidInput.of("reason", "input.too-long");
    }
    drafts.settle(id, "rejected", reviewer.value(), clock.instant(), draft.title(), draft.body(), false, why);
  }

  private List<DraftView> view(List<DraftRepository.Row> rows, MemberId viewer) {
    Set<MemberId> ids = new HashSet<>();
    rows.forEach(r -> {
      ids.add(new MemberId(r.requester()));
      if (r.reviewer() != null) {
        ids.add(new MemberId(r.reviewer()));
      }
    });
    Map<MemberId, String> names = members.displayNames(ids);
    boolean mayPublish = articles.mayPublish(viewer);
    return rows.stream().map(r -> new DraftView(r.id(), r.call(), r.task(),
        names.getOrDefault(new MemberId(r.requester()), ""),
        r.requester().equals(viewer.value()) && !mayApproveOwn(r.task()), r.subject(),
        r.language(), r.title(), r.body(), r.status(), r.reason() == null ? "" : r.reason(),
        r.reviewer() == null ? "" : names.getOrDefault(new MemberId(r.reviewer()), ""),
        r.reviewedAt(), r.edited(),
        calls.find(r.call()).map(AiCall::model).map(String::valueOf).orElse(""),
        !publishes(r.task()) || mayPublish)).toList();
  }
}
