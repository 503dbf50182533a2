package org.commune.governance.deliberation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.commune.governance.DiscussionNotice;
import org.commune.governance.GovernanceRecorded;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalPhase;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.search.SearchableChanged;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The discussion of a proposal: threaded comments marked for / against / question / other, in time
 * order (no ranking). Authors edit their own comments (every earlier version stays readable) or withdraw
 * them (a placeholder keeps the replies in place); moderators hide a comment with a public, logged
 * reason, which is shown apart from a withdrawal. {@code @username} notifies that member, a reply
 * notifies the author of the comment answered.
 *
 * <p>Comments are written, edited and withdrawn while the proposal is open for comments (discussion and
 * voting). Once it is decided the discussion is part of the record of how it was decided and stays as
 * it was; a moderator can still hide a comment.
 */
@Service
public class Comments {

  public static final List<String> STANCES = List.of("for", "against", "question", "other");

  /** At most this many members mentioned in one comment: each mention is a notification, never a mass mailing. */
  public static final int MAX_MENTIONS = 10;

  /** Replies deeper than this are listed under the last indented level (a phone has no room for more). */
  public static final int MAX_INDENT = 3;

  static final int MAX_BODY = 5000;

  /** The kind under which comments are searched ({@code web.GovernanceSearch}). */
  public static final String SEARCH_KIND = "comment";

  private final DeliberationRepository deliberations;
  private final Proposals proposals;
  private final Members members;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Comments(DeliberationRepository deliberations, Proposals proposals, Members members, ApplicationEventPublisher events,
      Clock clock) {
    this.deliberations = deliberations;
    this.proposals = proposals;
    this.members = members;
    this.events = events;
    this.clock = clock;
  }

  /**
   * A comment as shown. Withdrawn and hidden ones keep their place (and their replies) but not their
   * words; a hidden one says who hid it and why.
   *
   * @param depth how deep in its thread (0: a comment on the proposal itself)
   * @param inReplyTo the name of the author answered ("" for a comment on the proposal)
   * @param replies the answers indented under it (deeper ones follow it at the same level)
   */
  public record CommentView(String id, int depth, String author, String stance, String body, Instant at,
      boolean hidden, String hiddenBy, String hiddenReason, boolean withdrawn, @Nullable Instant editedAt,
      boolean mine, String inReplyTo, List<CommentView> replies) {

    public boolean edited() {
      return editedAt != null;
    }

    /** Its words are shown: neither withdrawn nor hidden. */
    public boolean shown() {
      return !hidden && !withdrawn;
    }
  }

  /** One version of a comment; the last is the one shown now. */
  public record Version(int number, String stance, String body, Instant writtenAt, boolean current) {}

  /** Every version of a comment, oldest first. */
  public record History(String comment, String author, List<Version> versions) {}

  // ---------------------------------------------------------------- writing

  @Transactional
  public void comment(MemberId member, ProposalId id, @Nullable String parent, String stance, String body) {
    ProposalView p = openFor(member, id, "comment");
    List<InvalidInput.Problem> problems = new ArrayList<>();
    checkStance(stance, problems);
    String text = Checks.text(body, "comment", MAX_BODY, true, problems);
    DeliberationRepository.CommentRow answered = null;
    if (parent != null && !parent.isBlank()) {
      answered = deliberations.lockComment(Checks.uuid(parent, "comment", "comments.parent.unknown"))
          .filter(c -> c.proposal().equals(id.value())).orElse(null);
      if (answered == null) {
        problems.add(new InvalidInput.Problem("comment", "comments.parent.unknown"));
      } else if (answered.gone()) {
        problems.add(new InvalidInput.Problem("comment", "comments.parent.gone"));
      }
    }
    Set<MemberId> mentioned = mentioned(text, member, "comment", problems);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    UUID comment = UUID.randomUUID();
    Instant now = clock.instant();
    deliberations.insertComment(comment, id, answered == null ? null : answered.id(), member.value(), stance, text, now);
    searchable(comment);
    if (answered != null && !answered.author().equals(member.value())) {
      MemberId repliedTo = new MemberId(answered.author());
      events.publishEvent(new DiscussionNotice(DiscussionNotice.Kind.REPLY, p.id(), p.title(), comment, member, Set.of(repliedTo), now));
      mentioned.remove(repliedTo); // told once, of the reply
    }
    mention(p, comment, member, mentioned, now);
  }

  /** The author changes their comment; what it said before is kept as an earlier version, shown to all. */
  @Transactional
  public void edit(MemberId member, ProposalId id, String comment, String stance, String body) {
    ProposalView p = openFor(member, id, "form");
    DeliberationRepository.CommentRow row = own(member, id, comment);
    if (row.hiddenReason() != null) {
      throw InvalidInput.of("form", "comments.hidden.final");
    }
    List<InvalidInput.Problem> problems = new ArrayList<>();
    checkStance(stance, problems);
    String text = Checks.text(body, "edit", MAX_BODY, true, problems);
    Set<MemberId> mentioned = mentioned(text, member, "edit", problems);
    if (problems.isEmpty() && text.equals(row.body()) && stance.equals(row.stance())) {
      problems.add(new InvalidInput.Problem("edit", "comments.edit.same"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    Instant now = clock.instant();
    deliberations.editComment(row.id(), stance, text, now);
    searchable(row.id()); // found by its words now, no longer by the earlier ones
    // Only members newly mentioned are told: an edit does not notify anyone twice.
    mentioned.removeAll(mentioned(row.body(), member, "edit", new ArrayList<>()));
    mention(p, row.id(), member, mentioned, now);
  }

  /**
   * The author withdraws their comment: its words are no longer shown (nor its earlier versions), a
   * placeholder stays with the replies under it, and what was not yet read about it is no longer listed.
   */
  @Transactional
  public void withdraw(MemberId member, ProposalId id, String comment) {
    openFor(member, id, "form");
    DeliberationRepository.CommentRow row = own(member, id, comment);
    if (!deliberations.withdrawComment(row.id(), clock.instant())) {
      throw InvalidInput.of("form", "comments.withdrawn.already");
    }
    events.publishEvent(new DiscussionNotice.Gone(row.id()));
    searchable(row.id()); // no longer found from now on
  }

  /** A moderator hides a comment; the reason is public, on the page and in the log. */
  @Transactional
  public void hide(MemberId moderator, Role role, ProposalId id, String comment, String reason) {
    if (role == Role.MEMBER) {
      throw InvalidInput.of("form", "comments.moderators-only");
    }
    UUID commentId = Checks.uuid(comment, "form", "comments.parent.unknown");
    if (deliberations.lockComment(commentId).filter(c -> c.proposal().equals(id.value())).isEmpty()) {
      throw InvalidInput.of("form", "comments.parent.unknown");
    }
    String why = Checks.text(reason, "reason", 500, false);
    if (why.isEmpty()) {
      throw InvalidInput.of("reason", "moderation.reason.required");
    }
    Instant now = clock.instant();
    if (deliberations.hide(commentId, moderator.value(), why, now)) {
      events.publishEvent(new DiscussionNotice.Gone(commentId));
      searchable(commentId);
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "comment.hidden",
          Map.of("proposal", id.toString(), "comment", commentId.toString(), "by", moderator.toString(), "note", why)));
    }
  }

  // ---------------------------------------------------------------- reading

  /** Every comment in thread order (each reply after the comment it answers), for readers of the whole discussion. */
  public List<CommentView> comments(ProposalId id) {
    List<CommentView> flat = new ArrayList<>();
    flatten(thread(id, null), flat);
    return flat;
  }

  /** The comments on the proposal itself, in time order, each with its replies under it. */
  public List<CommentView> thread(ProposalId id, @Nullable MemberId viewer) {
    List<DeliberationRepository.CommentRow> rows = deliberations.comments(id);
    Map<MemberId, String> names = Checks.names(members, rows.stream().flatMap(r -> r.hiddenBy() == null
        ? Stream.of(r.author()) : Stream.of(r.author(), r.hiddenBy())).toList());
    Map<UUID, DeliberationRepository.CommentRow> byId = new HashMap<>();
    Map<UUID, List<DeliberationRepository.CommentRow>> children = new HashMap<>();
    List<DeliberationRepository.CommentRow> roots = new ArrayList<>();
    for (var row : rows) {
      byId.put(row.id(), row);
      if (row.parent() == null) {
        roots.add(row);
      } else {
        children.computeIfAbsent(row.parent(), k -> new ArrayList<>()).add(row);
      }
    }
    Threads threads = new Threads(byId, children, names, viewer);
    return roots.stream().map(r -> threads.view(r, 0)).toList();
  }

  /** Every version of a visible comment, oldest first; none for a withdrawn or hidden one. */
  public History history(MemberId member, ProposalId id, String comment) {
    Checks.visible(proposals, id, member);
    UUID commentId = Checks.uuid(comment, "form", "comments.unknown");
    var row = deliberations.comments(id).stream().filter(c -> c.id().equals(commentId)).findFirst()
        .orElseThrow(() -> InvalidInput.of("form", "comments.unknown"));
    if (row.gone()) {
      throw InvalidInput.of("form", "comments.unknown");
    }
    List<Version> versions = new ArrayList<>();
    for (var v : deliberations.versions(commentId)) {
      versions.add(new Version(v.version(), v.stance(), v.body(), v.writtenAt(), false));
    }
    versions.add(new Version(versions.size() + 1, row.stance(), row.body(),
        row.editedAt() == null ? row.at() : row.editedAt(), true));
    String author = Checks.names(members, List.of(row.author())).getOrDefault(new MemberId(row.author()), "");
    return new History(commentId.toString(), author, versions);
  }

  /** Replies by others to the member's comments since the moment (hidden or withdrawn ones never), newest first. */
  public List<Addressed> repliesTo(MemberId member, Instant since, int count) {
    return Checks.addressed(members, deliberations.repliesTo(member.value(), since, count));
  }

  // ---------------------------------------------------------------- search

  /** A comment search may show: on which proposal, its current text, and who may see that proposal. */
  public record SearchableComment(UUID id, ProposalId proposal, String title, String body, Instant at, boolean draft,
      UUID proposalAuthor) {}

  /**
   * Every comment still shown, by its current (edited) words, or only the one with this id if it still is:
   * withdrawn and hidden comments are never searchable.
   */
  public List<SearchableComment> searchableComments(@Nullable UUID id) {
    return deliberations.searchableComments(id).stream().map(c -> new SearchableComment(c.id(),
        new ProposalId(c.proposal()), c.title(), c.body(), c.at(), ProposalPhase.DRAFT.code().equals(c.phase()),
        c.proposalAuthor())).toList();
  }

  /** The search index looks the comment up again: indexed as it reads now, or dropped when it is gone. */
  private void searchable(UUID comment) {
    events.publishEvent(new SearchableChanged(SEARCH_KIND, comment.toString()));
  }

  // ---------------------------------------------------------------- helpers

  /** Builds the thread views: indented up to {@link #MAX_INDENT}, deeper replies listed after their parent. */
  private record Threads(Map<UUID, DeliberationRepository.CommentRow> byId,
      Map<UUID, List<DeliberationRepository.CommentRow>> children, Map<MemberId, String> names,
      @Nullable MemberId viewer) {

    CommentView view(DeliberationRepository.CommentRow row, int depth) {
      List<CommentView> replies = new ArrayList<>();
      for (var child : children.getOrDefault(row.id(), List.of())) {
        if (depth + 1 < MAX_INDENT) {
          replies.add(view(child, depth + 1));
        } else {
          // At the last indented level the conversation goes on below, not further in.
          listFlat(child, replies);
        }
      }
      return with(row, depth, replies);
    }

    /** The reply and everything under it, in conversation order, all at the last indented level. */
    private void listFlat(DeliberationRepository.CommentRow row, List<CommentView> into) {
      into.add(with(row, MAX_INDENT, List.of()));
      for (var child : children.getOrDefault(row.id(), List.of())) {
        listFlat(child, into);
      }
    }

    private CommentView with(DeliberationRepository.CommentRow row, int depth, List<CommentView> replies) {
      boolean hidden = row.hiddenReason() != null;
      boolean withdrawn = row.withdrawnAt() != null;
      var parent = row.parent() == null ? null : byId.get(row.parent());
      return new CommentView(row.id().toString(), depth, name(row.author()), row.stance(),
          hidden || withdrawn ? "" : row.body(), row.at(), hidden, hidden ? name(row.hiddenBy()) : "",
          hidden ? row.hiddenReason() : "", withdrawn, row.editedAt(),
          viewer != null && viewer.value().equals(row.author()), parent == null ? "" : name(parent.author()),
          List.copyOf(replies));
    }

    private String name(@Nullable UUID member) {
      return member == null ? "" : names.getOrDefault(new MemberId(member), "");
    }
  }

  private static void flatten(List<CommentView> views, List<CommentView> into) {
    for (CommentView view : views) {
      into.add(view);
      flatten(view.replies(), into);
    }
  }

  /** The proposal, if the member may take part in its discussion now. */
  private ProposalView openFor(MemberId member, ProposalId id, String field) {
    ProposalView p = Checks.visible(proposals, id, member);
    if (!p.openForComments()) {
      throw InvalidInput.of(field, "comments.closed");
    }
    String refusal = proposals.refusal(p, member);
    if (!refusal.isEmpty()) {
      throw InvalidInput.of(field, refusal);
    }
    return p;
  }

  /** The member's own comment on this proposal, locked; another member's is refused as not theirs. */
  private DeliberationRepository.CommentRow own(MemberId member, ProposalId id, String comment) {
    var row = deliberations.lockComment(Checks.uuid(comment, "form", "comments.unknown"))
        .filter(c -> c.proposal().equals(id.value()))
        .orElseThrow(() -> InvalidInput.of("form", "comments.unknown"));
    if (!row.author().equals(member.value())) {
      throw InvalidInput.of("form", "comments.author-only");
    }
    if (row.withdrawnAt() != null) {
      throw InvalidInput.of("form", "comments.withdrawn.already");
    }
    return row;
  }

  private static void checkStance(@Nullable String stance, List<InvalidInput.Problem> problems) {
    if (!STANCES.contains(stance)) {
      problems.add(new InvalidInput.Problem("stance", "comments.stance.invalid"));
    }
  }

  /**
   * The members a text mentions (not the writer): only existing members count, names that are no
   * member's are plain text. More than {@link #MAX_MENTIONS} is a problem.
   */
  private Set<MemberId> mentioned(String text, MemberId writer, String field, List<InvalidInput.Problem> problems) {
    Set<String> names = Mentions.in(text);
    Set<MemberId> found = new LinkedHashSet<>();
    if (names.isEmpty()) {
      return found;
    }
    for (MemberSummary m : members.all()) {
      if (names.contains(m.username()) && !m.id().equals(writer)) {
        found.add(m.id());
      }
    }
    if (found.size() > MAX_MENTIONS) {
      problems.add(new InvalidInput.Problem(field, "comments.mentions.too-many"));
    }
    return found;
  }

  private void mention(ProposalView p, UUID comment, MemberId writer, Set<MemberId> mentioned, Instant at) {
    Set<MemberId> to = new HashSet<>(mentioned);
    to.remove(writer);
    if (!to.isEmpty()) {
      events.publishEvent(new DiscussionNotice(DiscussionNotice.Kind.MENTION, p.id(), p.title(), comment, writer, Set.copyOf(to), at));
    }
  }
}
