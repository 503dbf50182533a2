package org.commune.publishing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.search.SearchableChanged;
import org.commune.semantic.TextEmbeddings;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The organisation's published articles and their language versions. */
@Service
public class Articles {

  public static final List<String> LANGUAGES = List.of("en", "ar");

  /** The kind under which articles are searched (by anyone: they are public once published). */
  public static final String SEARCH_KIND = "article";

  private final ArticleRepository articles;
  private final Members members;
  private final Clock clock;
  private final TextEmbeddings embeddings;
  private final ApplicationEventPublisher events;
  /** Embeddings of article versions, by article, language and publication time (a new version replaces its entry). */
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

  Articles(ArticleRepository articles, Members members, Clock clock, TextEmbeddings embeddings,
      ApplicationEventPublisher events) {
    this.articles = articles;
    this.members = members;
    this.clock = clock;
    this.embeddings = embeddings;
    this.events = events;
  }

  /**
   * The published articles in the same language closest in meaning to this one (in-process
   * embeddings of title and opening; MiniLM is an English model, so Arabic matches are rougher).
   */
  public List<ArticleVersion> related(ArticleVersion article, int count) {
    List<ArticleVersion> others = newest(article.language()).stream()
        .filter(a -> !a.article().equals(article.article())).toList();
    if (others.isEmpty()) {
      return List.of();
    }
    float[] self = vector(article);
    return others.stream()
        .sorted(Comparator.comparingDouble(a -> -TextEmbeddings.cosine(self, vector(a))))
        .limit(count).toList();
  }

  private float[] vector(ArticleVersion a) {
    String key = a.article() + ":" + a.language() + ":" + a.publishedAt();
    return vectors.computeIfAbsent(key, k -> embeddings.embed(a.title() + "\n"
        + (a.body().length() > 600 ? a.body().substring(0, 600) : a.body())));
  }

  /** Publishing is refused: the member's role does not allow it (the web answers 403). */
  public static final class NotAllowed extends RuntimeException {
    public NotAllowed() {
      super("articles.publish.not-allowed", null, false, false);
    }
  }

  /**
   * Whether the member's role lets them publish: moderators and stewards. The one rule for every path
   * that puts text on the public site, written by hand or approved from an AI draft.
   */
  public boolean mayPublish(MemberId member) {
    return members.find(member).map(m -> m.role() == Role.MODERATOR || m.role() == Role.STEWARD).orElse(false);
  }

  /** Throws {@link NotAllowed} unless the member may publish. */
  public void checkPublisher(MemberId member) {
    if (!mayPublish(member)) {
      throw new NotAllowed();
    }
  }

  /** Text a person wrote, published as a new article. */
  @Transactional
  public UUID publish(MemberId author, String language, String title, String body) {
    checkPublisher(author);
    check(language, title, body);
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    articles.insertArticle(id, author.value(), now);
    articles.putVersion(id, author.value(), language, title.strip(), body.strip(), "human", null, null, null, now,
        null, null);
    events.publishEvent(new SearchableChanged(SEARCH_KIND, id.toString()));
    events.publishEvent(new ArticlePublished(UUID.randomUUID(), now, id, language, true));
    return id;
  }

  /**
   * A correction of a published language version: a new revision with a reason (a code, public in the log)
   * and the editor's note (on the article and its history). Earlier revisions stay, public. The provenance
   * survives: AI-assisted text stays labelled with its model and reviewer, and becomes "edited by a person"
   * (IPTC composite), since the editor changed it. {@code base} is the revision the editor corrected: when
   * someone corrected the text meanwhile, nothing is written and the editor is asked to look again.
   * Publishing roles only (the one publishing rule: correcting puts new text on the public site).
   *
   * @return the new revision's number
   */
  @Transactional
  public int correct(MemberId editor, UUID article, String language, String base, String title, String body,
      String reason, String note) {
    checkPublisher(editor);
    if (!articles.exists(article)) {
      throw InvalidInput.of("form", "articles.unknown");
    }
    articles.lock(article);
    if (articles.withdrawal(article).isPresent()) {
      throw InvalidInput.of("form", "articles.withdrawn.no-changes");
    }
    ArticleRepository.Provenance current = articles.provenance(article, language)
        .orElseThrow(() -> InvalidInput.of("language", "articles.correct.no-such-language"));
    List<InvalidInput.Problem> problems = new ArrayList<>(problems(language, title, body));
    Optional<CorrectionReason> code = CorrectionReason.fromCode(reason == null ? "" : reason);
    if (code.isEmpty()) {
      problems.add(new InvalidInput.Problem("reason", "articles.correction.reason.invalid"));
    }
    note(note, problems);
    if (!Integer.toString(current.revision()).equals(base)) {
      problems.add(new InvalidInput.Problem("form", "articles.correct.stale"));
    }
    if (problems.isEmpty()) {
      ArticleVersion now = version(article, language).orElseThrow();
      if (now.title().equals(title.strip()) && now.body().equals(body.strip())) {
        problems.add(new InvalidInput.Problem("body", "articles.correct.unchanged"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    boolean human = "human".equals(current.sourceType());
    Instant at = clock.instant();
    int revision = articles.putVersion(article, editor.value(), language, title.strip(), body.strip(),
        human ? "human" : "compositeWithTrainedAlgorithmicMedia", current.aiModel(), current.reviewer(),
        current.reviewedAt(), at, code.get().code(), note.strip());
    events.publishEvent(new ArticleCorrected(UUID.randomUUID(), at, article, language, revision, code.get(), editor));
    events.publishEvent(new SearchableChanged(SEARCH_KIND, article.toString())); // found by its corrected words
    return revision;
  }

  /**
   * Withdraws a published article, every language of it: its address keeps a tombstone with the reason
   * and the editor's note, its text leaves the list, the feeds, related articles and the history. Final.
   * Publishing roles only.
   */
  @Transactional
  public void withdraw(MemberId editor, UUID article, String reason, String note) {
    checkPublisher(editor);
    if (!articles.exists(article)) {
      throw InvalidInput.of("form", "articles.unknown");
    }
    articles.lock(article);
    if (articles.withdrawal(article).isPresent()) {
      throw InvalidInput.of("form", "articles.withdrawn.already");
    }
    List<InvalidInput.Problem> problems = new ArrayList<>();
    Optional<WithdrawalReason> code = WithdrawalReason.fromCode(reason == null ? "" : reason);
    if (code.isEmpty()) {
      problems.add(new InvalidInput.Problem("reason", "articles.withdrawal.reason.invalid"));
    }
    note(note, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    Instant at = clock.instant();
    articles.withdraw(article, code.get().code(), note.strip(), editor.value(), at);
    events.publishEvent(new ArticleWithdrawn(UUID.randomUUID(), at, article, code.get(), editor));
    events.publishEvent(new SearchableChanged(SEARCH_KIND, article.toString())); // no longer found, in any language
  }

  /** How many articles are published and not withdrawn (NodeInfo's local posts). */
  public long publishedCount() {
    return articles.standingCount();
  }

  /** The tombstone of a withdrawn article; empty for one that stands (or does not exist). */
  public Optional<Withdrawal> withdrawal(UUID article) {
    return articles.withdrawal(article).map(Articles::withdrawal);
  }

  /** The newest withdrawals of articles that existed in this language (for its feed). */
  public List<Withdrawal> withdrawals(String language) {
    return articles.withdrawals(language, 50).stream().map(Articles::withdrawal).toList();
  }

  private static Withdrawal withdrawal(ArticleRepository.WithdrawalRow w) {
    return new Withdrawal(w.article(), WithdrawalReason.fromCode(w.reason()).orElse(WithdrawalReason.OTHER), w.note(),
        w.at());
  }

  /**
   * The articles list in a language: each article once, in that language where it exists, otherwise in the
   * other one (the page says so), newest first by first publication.
   */
  public List<ArticleVersion> listed(String language) {
    return named(articles.listed(LANGUAGES.contains(language) ? language : "en", 50));
  }

  /**
   * AI-assisted text a member reviewed and approved: a new article (when {@code article} is null) or a
   * new revision of a language version of an existing one (earlier revisions stay, viewable, each
   * credited to who changed it). {@code edited}: the reviewer changed the AI's text. The reviewer
   * publishes, so the reviewer's role must allow publishing.
   */
  @Transactional
  public UUID publishAiAssisted(@Nullable UUID article, MemberId requester, String language, String title,
      String body, String model, MemberId reviewer, boolean edited) {
    checkPublisher(reviewer);
    check(language, title, body);
    Instant now = clock.instant();
    UUID id = article;
    boolean newArticle = id == null;
    if (id == null) {
      id = UUID.randomUUID();
      articles.insertArticle(id, requester.value(), now);
    } else if (!articles.exists(id)) {
      throw InvalidInput.of("form", "articles.unknown");
    } else {
      articles.lock(id);
      if (articles.withdrawal(id).isPresent()) {
        throw InvalidInput.of("form", "articles.withdrawn.no-changes");
      }
    }
    articles.putVersion(id, requester.value(), language, title.strip(), body.strip(),
        edited ? "compositeWithTrainedAlgorithmicMedia" : "trainedAlgorithmicMedia", model, reviewer.value(), now, now,
        null, null);
    events.publishEvent(new SearchableChanged(SEARCH_KIND, id.toString()));
    events.publishEvent(new ArticlePublished(UUID.randomUUID(), now, id, language, newArticle));
    return id;
  }

  public List<ArticleVersion> newest(String language) {
    return named(articles.newest(LANGUAGES.contains(language) ? language : "en", 50));
  }

  /** Every article's id, for the search index. */
  public List<UUID> ids() {
    return articles.ids();
  }

  public List<ArticleVersion> versions(UUID article) {
    return named(articles.versions(article));
  }

  public Optional<ArticleVersion> version(UUID article, String language) {
    return articles.version(article, language).map(r -> named(List.of(r)).get(0));
  }

  /** Every revision of the article, per language, oldest first (the history page). */
  public List<ArticleVersion> history(UUID article) {
    return named(articles.revisions(article));
  }

  private List<ArticleVersion> named(List<ArticleRepository.Row> rows) {
    Set<MemberId> ids = new HashSet<>();
    for (var r : rows) {
      ids.add(new MemberId(r.author()));
      if (r.reviewer() != null) {
        ids.add(new MemberId(r.reviewer()));
      }
    }
    Map<MemberId, String> names = members.displayNames(ids);
    List<ArticleVersion> out = new ArrayList<>();
    for (var r : rows) {
      out.add(new ArticleVersion(r.article(), r.language(), r.title(), r.body(), r.sourceType(), r.aiModel(),
          names.getOrDefault(new MemberId(r.author()), ""),
          r.reviewer() == null ? "" : names.getOrDefault(new MemberId(r.reviewer()), ""), r.reviewedAt(),
          r.publishedAt(), r.revision(), r.firstPublishedAt(),
          r.correctionReason() == null ? null : CorrectionReason.fromCode(r.correctionReason()).orElse(null),
          r.correctionNote() == null ? "" : r.correctionNote(), r.correctedAt()));
    }
    return out;
  }

  private static void check(String language, String title, String body) {
    List<InvalidInput.Problem> problems = problems(language, title, body);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
  }

  /** The editor's note on a correction or a withdrawal: required, at most 500 characters. */
  private static void note(@Nullable String note, List<InvalidInput.Problem> problems) {
    if (note == null || note.isBlank()) {
      problems.add(new InvalidInput.Problem("note", "articles.note.required"));
    } else if (note.strip().length() > 500) {
      problems.add(new InvalidInput.Problem("note", "input.too-long"));
    }
  }

  private static List<InvalidInput.Problem> problems(@Nullable String language, @Nullable String title,
      @Nullable String body) {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    if (!LANGUAGES.contains(language)) {
      problems.add(new InvalidInput.Problem("language", "articles.language.invalid"));
    }
    if (title == null || title.isBlank()) {
      problems.add(new InvalidInput.Problem("title", "input.required"));
    } else if (title.strip().length() > 200) {
      problems.add(new InvalidInput.Problem("title", "input.too-long"));
    }
    if (body == null || body.isBlank()) {
      problems.add(new InvalidInput.Problem("body", "input.required"));
    } else if (body.length() > 50_000) {
      problems.add(new InvalidInput.Problem("body", "input.too-long"));
    }
    return problems;
  }
}
