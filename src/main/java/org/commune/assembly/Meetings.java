package org.commune.assembly;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.governance.VoteClosed;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.web.Sha256;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * General assemblies. Stewards call a meeting, set its agenda, open the session, record attendance,
 * put agenda items to quick votes, close the meeting and publish its minutes; members mark themselves
 * present while the meeting is in session. Every refusal is an {@link InvalidInput} (nothing written)
 * or {@link NotAllowed}; every step that matters to the organisation is published for the public log,
 * as counts and ids.
 */
@Service
public class Meetings {

  static final int MAX_TITLE = 200;
  static final int MAX_PLACE = 300;
  /**
   * The longest minutes: every text this accepts also fits the 64 KiB form limit when it is Arabic (a
   * form sends each Arabic letter as 6 bytes, %D9%85), so a long Arabic text gets this field's message,
   * not a bare "too large".
   */
  static final int MAX_MINUTES = 10_000;
  static final int MAX_VOTE_MINUTES = 24 * 60;

  /** The member's role does not allow this (the web answers 403). */
  public static final class NotAllowed extends RuntimeException {
    public NotAllowed() {
      super("assembly.steward-only", null, false, false);
    }
  }

  private final MeetingRepository meetings;
  private final Members members;
  private final Proposals proposals;
  private final GovernanceVotes votes;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Meetings(MeetingRepository meetings, Members members, Proposals proposals, GovernanceVotes votes,
      ApplicationEventPublisher events, Clock clock) {
    this.meetings = meetings;
    this.members = members;
    this.proposals = proposals;
    this.votes = votes;
    this.events = events;
    this.clock = clock;
  }

  /** Whether the member may run meetings: stewards. */
  public boolean mayConvene(MemberId member) {
    return members.find(member).map(m -> m.role() == Role.STEWARD).orElse(false);
  }

  private void checkSteward(MemberId member) {
    if (!mayConvene(member)) {
      throw new NotAllowed();
    }
  }

  public Optional<MeetingView> find(UUID id) {
    return meetings.find(id);
  }

  /** The newest meetings first (the list page sorts them into in session, upcoming and past). */
  public List<MeetingView> all() {
    return meetings.all(200);
  }

  /** Calls a meeting. Every problem is named at once; nothing is written unless all is well. */
  @Transactional
  public UUID schedule(MemberId steward, NewMeeting meeting) {
    checkSteward(steward);
    Instant now = clock.instant();
    Checked c = check(meeting, now);
    UUID id = UUID.randomUUID();
    meetings.insert(id, c.title(), c.startsAt(), c.place(), c.quorumKind(), c.quorumValue(), c.voters(),
        steward.value(), now);
    events.publishEvent(new MeetingScheduled(UUID.randomUUID(), now, id, steward, c.startsAt(), false));
    return id;
  }

  /**
   * Changes a called meeting (title, time, place, quorum, who may vote): only before its session opens,
   * so that nobody moves the quorum while the meeting sits. The same checks as calling it.
   */
  @Transactional
  public void change(MemberId steward, UUID id, NewMeeting meeting) {
    checkSteward(steward);
    if (locked(id) != MeetingStatus.SCHEDULED) {
      throw InvalidInput.of("form", "assembly.change.not-scheduled");
    }
    Instant now = clock.instant();
    Checked c = check(meeting, now);
    meetings.update(id, c.title(), c.startsAt(), c.place(), c.quorumKind(), c.quorumValue(), c.voters());
    events.publishEvent(new MeetingScheduled(UUID.randomUUID(), now, id, steward, c.startsAt(), true));
  }

  /** A meeting's fields as checked and stored: stripped, and null where there is none. */
  private record Checked(String title, Instant startsAt, @Nullable String place, @Nullable String quorumKind,
      @Nullable Integer quorumValue, String voters) {}

  private static Checked check(NewMeeting meeting, Instant now) {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    String title = meeting.title() == null ? "" : meeting.title().strip();
    if (title.isEmpty()) {
      problems.add(new InvalidInput.Problem("title", "input.required"));
    } else if (title.length() > MAX_TITLE) {
      problems.add(new InvalidInput.Problem("title", "input.too-long"));
    }
    Instant starts = meeting.startsAt();
    if (starts == null) {
      problems.add(new InvalidInput.Problem("starts", "assembly.starts.invalid"));
    } else if (starts.isBefore(now.minus(Duration.ofMinutes(1)))) {
      problems.add(new InvalidInput.Problem("starts", "assembly.starts.past"));
    }
    String place = meeting.place() == null ? "" : meeting.place().strip();
    if (place.length() > MAX_PLACE) {
      problems.add(new InvalidInput.Problem("place", "input.too-long"));
    }
    String kind = meeting.quorumKind() == null ? "" : meeting.quorumKind();
    if (kind.equals("percent") && (meeting.quorumValue() < 1 || meeting.quorumValue() > 100)) {
      problems.add(new InvalidInput.Problem("quorumValue", "assembly.quorum.percent"));
    } else if (kind.equals("number") && (meeting.quorumValue() < 1 || meeting.quorumValue() > 1_000_000)) {
      problems.add(new InvalidInput.Problem("quorumValue", "assembly.quorum.number"));
    } else if (!Set.of("", "number", "percent").contains(kind)) {
      problems.add(new InvalidInput.Problem("quorumKind", "assembly.quorum.kind"));
    }
    if (!Set.of("all", "present").contains(meeting.voters())) {
      problems.add(new InvalidInput.Problem("voters", "assembly.voters.invalid"));
    }
    if (!problems.isEmpty() || starts == null) {
      throw new InvalidInput(problems);
    }
    return new Checked(title, starts, place.isEmpty() ? null : place, kind.isEmpty() ? null : kind,
        kind.isEmpty() ? null : meeting.quorumValue(), meeting.voters());
  }

  /** Opens the session: members may mark themselves present, quick votes may start. */
  @Transactional
  public void open(MemberId steward, UUID id) {
    checkSteward(steward);
    if (locked(id) != MeetingStatus.SCHEDULED) {
      throw InvalidInput.of("form", "assembly.status.wrong");
    }
    Instant now = clock.instant();
    meetings.open(id, now);
    events.publishEvent(new MeetingOpened(UUID.randomUUID(), now, id, steward));
  }

  /** Closes the meeting and freezes its attendance; refused while a quick vote is still open. */
  @Transactional
  public void close(MemberId steward, UUID id) {
    checkSteward(steward);
    if (locked(id) != MeetingStatus.IN_SESSION) {
      throw InvalidInput.of("form", "assembly.status.wrong");
    }
    if (meetings.anyOpenVote(id)) {
      throw InvalidInput.of("form", "assembly.close.vote-open");
    }
    MeetingView meeting = meetings.find(id).orElseThrow();
    Instant now = clock.instant();
    int present = meetings.presentCount(id);
    int all = members.all().size();
    meetings.close(id, now, present, all);
    events.publishEvent(new MeetingClosed(UUID.randomUUID(), now, id, steward, present, all,
        meeting.quorumRequired(all)));
  }

  // The agenda.

  /** The agenda in order; items whose proposal the viewer may not see are left out. */
  public List<AgendaItem> agenda(UUID id, MemberId viewer) {
    List<AgendaItem> items = new ArrayList<>();
    for (UUID p : meetings.agenda(id)) {
      proposals.find(new ProposalId(p), viewer)
          .ifPresent(v -> items.add(new AgendaItem(v.id(), v.title(), v.phase().code())));
    }
    return items;
  }

  /** A steward changes the agenda, until the meeting closes; the meeting's row is locked. */
  private void agendaMayChange(MemberId steward, UUID id) {
    checkSteward(steward);
    if (locked(id) == MeetingStatus.CLOSED) {
      throw InvalidInput.of("proposal", "assembly.status.wrong");
    }
  }

  /** How many items the agenda has (what a visitor sees of it: proposals are for members). */
  public int agendaSize(UUID id) {
    return meetings.agenda(id).size();
  }

  /** Proposals a steward may add: the newest ones the steward sees, neither drafts nor on the agenda yet. */
  public List<AgendaItem> candidates(UUID id, MemberId steward) {
    List<UUID> on = meetings.agenda(id);
    return proposals.newest(steward).stream().filter(p -> !p.draft() && !on.contains(p.id().value()))
        .map(p -> new AgendaItem(p.id(), p.title(), p.phase().code())).toList();
  }

  @Transactional
  public void addToAgenda(MemberId steward, UUID id, String proposal) {
    agendaMayChange(steward, id);
    ProposalView p = proposal(proposal, steward).filter(v -> !v.draft())
        .orElseThrow(() -> InvalidInput.of("proposal", "assembly.agenda.unknown"));
    if (!meetings.addToAgenda(id, p.id().value())) {
      throw InvalidInput.of("proposal", "assembly.agenda.already");
    }
  }

  @Transactional
  public void removeFromAgenda(MemberId steward, UUID id, String proposal) {
    agendaMayChange(steward, id);
    UUID p = uuid(proposal).orElseThrow(() -> InvalidInput.of("proposal", "assembly.agenda.unknown"));
    if (meetings.votes(id).stream().anyMatch(v -> v.agendaProposal().equals(p))) {
      throw InvalidInput.of("proposal", "assembly.agenda.voted");
    }
    if (!meetings.removeFromAgenda(id, p)) {
      throw InvalidInput.of("proposal", "assembly.agenda.unknown");
    }
  }

  @Transactional
  public void moveUp(MemberId steward, UUID id, String proposal) {
    agendaMayChange(steward, id);
    meetings.moveUp(id, uuid(proposal).orElseThrow(() -> InvalidInput.of("proposal", "assembly.agenda.unknown")));
  }

  // Attendance.

  /** How many are present now, or were when the meeting closed. */
  public int present(MeetingView meeting) {
    return meeting.closed() ? meeting.presentAtClose() : meetings.presentCount(meeting.id());
  }

  /** Of how many members: all members now, or when the meeting closed. */
  public int of(MeetingView meeting) {
    return meeting.closed() ? meeting.membersAtClose() : members.all().size();
  }

  public boolean isPresent(UUID id, MemberId member) {
    return meetings.isPresent(id, member.value());
  }

  /**
   * The display names of those present, by member id, in the order they were recorded: for signed-in
   * members only (pages must not show them to visitors). A member who deleted their account is left out.
   */
  public Map<MemberId, String> presentNames(UUID id) {
    List<MemberId> ids = meetings.present(id).stream().map(MemberId::new).toList();
    Map<MemberId, String> names = members.displayNames(ids);
    Map<MemberId, String> ordered = new LinkedHashMap<>();
    ids.stream().filter(names::containsKey).forEach(m -> ordered.put(m, names.get(m)));
    return ordered;
  }

  /** The member marks themselves present: only while the meeting is in session. */
  @Transactional
  public void markPresent(MemberId member, UUID id) {
    if (locked(id) != MeetingStatus.IN_SESSION) {
      throw InvalidInput.of("form", "assembly.attendance.not-in-session");
    }
    meetings.markPresent(id, List.of(member.value()), member.value(), clock.instant());
  }

  /**
   * A steward records members present (or, with {@code present} false, absent), in bulk: only while the
   * meeting is in session, and only members of the organisation.
   */
  @Transactional
  public void record(MemberId steward, UUID id, Collection<String> memberIds, boolean present) {
    checkSteward(steward);
    if (locked(id) != MeetingStatus.IN_SESSION) {
      throw InvalidInput.of("form", "assembly.attendance.not-in-session");
    }
    if (memberIds.isEmpty()) {
      throw InvalidInput.of("members", "assembly.attendance.none-chosen");
    }
    Set<UUID> known = new HashSet<>();
    members.all().forEach(m -> known.add(m.id().value()));
    List<UUID> chosen = new ArrayList<>();
    for (String m : memberIds) {
      UUID member = uuid(m).filter(known::contains)
          .orElseThrow(() -> InvalidInput.of("members", "assembly.attendance.unknown-member"));
      chosen.add(member);
    }
    if (present) {
      meetings.markPresent(id, chosen, steward.value(), clock.instant());
    } else {
      meetings.markAbsent(id, chosen);
    }
  }

  // Quick votes.

  public List<QuickVote> votes(UUID id) {
    return meetings.votes(id).stream().map(Meetings::view).toList();
  }

  /**
   * Puts an agenda item to a quick vote of {@code minutes} minutes (1 to a day): only while the meeting is
   * in session, one open vote per item. The vote is a governance proposal; its id is returned.
   */
  @Transactional
  public ProposalId startVote(MemberId steward, UUID id, String proposal, int minutes) {
    checkSteward(steward);
    if (locked(id) != MeetingStatus.IN_SESSION) {
      throw InvalidInput.of("form", "assembly.vote.not-in-session");
    }
    if (minutes < 1 || minutes > MAX_VOTE_MINUTES) {
      throw InvalidInput.of("minutes", "assembly.vote.minutes.invalid");
    }
    UUID itemId = uuid(proposal).filter(p -> meetings.agenda(id).contains(p))
        .orElseThrow(() -> InvalidInput.of("proposal", "assembly.vote.not-on-agenda"));
    if (meetings.openVoteOn(id, itemId)) {
      throw InvalidInput.of("proposal", "assembly.vote.already-open");
    }
    MeetingView meeting = meetings.find(id).orElseThrow();
    ProposalView item = proposals.find(new ProposalId(itemId)).orElseThrow();
    if (item.decided()) {
      // A decided item is reported to the meeting, not decided again under the same title.
      throw InvalidInput.of("proposal", "assembly.vote.item-decided");
    }
    Instant now = clock.instant();
    Set<MemberId> voters = meeting.presentOnly()
        ? meetings.present(id).stream().map(MemberId::new).collect(Collectors.toSet())
        : null;
    ProposalId vote = votes.open(steward, item, Duration.ofMinutes(minutes), voters);
    int present = meetings.presentCount(id);
    int quorum = meeting.quorumRequired(members.all().size());
    meetings.insertVote(vote.value(), id, itemId, steward.value(), now, now.plus(Duration.ofMinutes(minutes)), present,
        quorum == 0 ? null : quorum);
    events.publishEvent(new QuickVoteOpened(UUID.randomUUID(), now, id, vote, item.id(), steward, minutes, present));
    return vote;
  }

  /** Closes the quick votes whose minutes are up (governance counts them; {@link #on(VoteClosed)} records the rest). */
  @Scheduled(fixedDelayString = "${commune.assembly.vote-check:PT15S}", initialDelayString = "PT10S")
  public void closeDue() {
    for (UUID vote : meetings.due(clock.instant())) {
      votes.close(new ProposalId(vote));
    }
  }

  /**
   * A vote closed: when it is a quick vote, records its outcome and how many were present, and publishes
   * whether the meeting was quorate. Once per vote, whatever the redeliveries.
   */
  @ApplicationModuleListener
  void on(VoteClosed closed) {
    Optional<MeetingRepository.VoteRow> row = meetings.vote(closed.proposal().value());
    if (row.isEmpty()) {
      return;
    }
    UUID meeting = row.get().meeting();
    int present = meetings.presentCount(meeting);
    if (meetings.closeVote(closed.proposal().value(), closed.outcome(), present, closed.at())) {
      Integer quorum = row.get().quorumRequired();
      events.publishEvent(new QuickVoteClosed(UUID.randomUUID(), closed.at(), meeting, closed.proposal(), present,
          quorum == null ? 0 : quorum));
    }
  }

  // Minutes.

  /** Saves the minutes as a draft (shown to stewards only): in session or after, until they are published. */
  @Transactional
  public void saveMinutes(MemberId steward, UUID id, String minutes) {
    checkSteward(steward);
    MeetingView meeting = minutesMayChange(id);
    if (meeting.status() == MeetingStatus.SCHEDULED) {
      throw InvalidInput.of("minutes", "assembly.minutes.too-early");
    }
    meetings.saveMinutes(id, checkedMinutes(minutes), steward.value(), clock.instant());
  }

  /**
   * Publishes the minutes: only once the meeting is closed, and once (published minutes are the public
   * record and never change). The log gets their SHA-256 and the attendance counts.
   */
  @Transactional
  public void publishMinutes(MemberId steward, UUID id, String minutes) {
    checkSteward(steward);
    MeetingView meeting = minutesMayChange(id);
    if (!meeting.closed()) {
      throw InvalidInput.of("minutes", "assembly.minutes.not-closed");
    }
    String text = checkedMinutes(minutes);
    String sha = Sha256.hex(text);
    Instant now = clock.instant();
    meetings.publishMinutes(id, text, sha, steward.value(), now);
    events.publishEvent(new MinutesPublished(UUID.randomUUID(), now, id, steward, sha, meeting.presentAtClose(),
        meeting.membersAtClose()));
  }

  private MeetingView minutesMayChange(UUID id) {
    locked(id);
    MeetingView meeting = meetings.find(id).orElseThrow();
    if (meeting.minutesPublished()) {
      throw InvalidInput.of("minutes", "assembly.minutes.published");
    }
    return meeting;
  }

  private static String checkedMinutes(String minutes) {
    String text = minutes == null ? "" : minutes.strip();
    if (text.isEmpty()) {
      throw InvalidInput.of("minutes", "input.required");
    }
    if (text.length() > MAX_MINUTES) {
      throw InvalidInput.of("minutes", "assembly.minutes.too-long");
    }
    return text;
  }

  private MeetingStatus locked(UUID id) {
    return meetings.lock(id).orElseThrow(() -> InvalidInput.of("form", "assembly.unknown"));
  }

  private Optional<ProposalView> proposal(String id, MemberId viewer) {
    return uuid(id).flatMap(p -> proposals.find(new ProposalId(p), viewer));
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text == null ? "" : text.strip()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static QuickVote view(MeetingRepository.VoteRow row) {
    return new QuickVote(new ProposalId(row.vote()), new ProposalId(row.agendaProposal()), row.startedAt(),
        row.closesAt(), row.presentAtStart(), row.quorumRequired() == null ? 0 : row.quorumRequired(),
        row.presentAtClose(), row.outcome());
  }
}
