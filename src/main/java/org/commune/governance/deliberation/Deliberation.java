package org.commune.governance.deliberation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commune.governance.GovernanceRecorded;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.governance.VotingMethod;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consent objections and the implementation updates after a decision (comments are {@link Comments},
 * amendments {@link Amendments}). Every status change is logged.
 */
@Service
public class Deliberation {

  public static final List<String> STATUSES = List.of("planned", "in_progress", "done", "abandoned");

  private final DeliberationRepository deliberations;
  private final Proposals proposals;
  private final Members members;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Deliberation(DeliberationRepository deliberations, Proposals proposals, Members members, ApplicationEventPublisher events,
      Clock clock) {
    this.deliberations = deliberations;
    this.proposals = proposals;
    this.members = members;
    this.events = events;
    this.clock = clock;
  }

  public record ObjectionView(String id, String author, boolean mine, String reason, Instant at, boolean open,
      String resolution) {}

  public record UpdateView(String author, String status, String note, Instant at) {}

  // ---------------------------------------------------------------- consent objections

  @Transactional
  public void object(MemberId member, ProposalId id, String reason) {
    ProposalView p = visible(id, member);
    if (p.method() != VotingMethod.CONSENT || !p.open()) {
      throw InvalidInput.of("objection", "objections.closed");
    }
    if (!proposals.mayVote(p, member)) {
      throw InvalidInput.of("objection", proposals.refusal(p, member));
    }
    String why = Checks.text(reason, "objection", 2000, false);
    if (why.isEmpty()) {
      throw InvalidInput.of("objection", "objections.reason.required");
    }
    try {
      deliberations.insertObjection(UUID.randomUUID(), id, member.value(), why, clock.instant());
    } catch (DuplicateKeyException twice) {
      throw InvalidInput.of("objection", "objections.twice");
    }
  }

  @Transactional
  public void withdraw(MemberId member, ProposalId id, String resolution) {
    ProposalView p = visible(id, member);
    if (!p.open()) {
      throw InvalidInput.of("objection", "objections.closed");
    }
    String how = Checks.text(resolution, "objection", 2000, false);
    if (!deliberations.withdraw(id, member.value(), how, clock.instant())) {
      throw InvalidInput.of("objection", "objections.none-open");
    }
  }

  public List<ObjectionView> objections(ProposalId id) {
    return objections(id, null);
  }

  public List<ObjectionView> objections(ProposalId id, @Nullable MemberId viewer) {
    var rows = deliberations.objections(id);
    Map<MemberId, String> names = names(rows.stream().map(DeliberationRepository.ObjectionRow::author).toList());
    return rows.stream().map(r -> new ObjectionView(r.id().toString(), names.getOrDefault(new MemberId(r.author()), ""),
        viewer != null && r.author().equals(viewer.value()), r.reason(), r.at(), r.withdrawnAt() == null,
        r.resolution() == null ? "" : r.resolution())).toList();
  }

  // ---------------------------------------------------------------- implementation

  /** The author or a steward reports progress on a decision that was taken. */
  @Transactional
  public void reportProgress(MemberId member, Role role, ProposalId id, String status, String note) {
    ProposalView p = visible(id, member);
    if (!p.taken()) {
      throw InvalidInput.of("note", "implementation.not-decided");
    }
    if (!p.author().equals(member.value()) && role != Role.STEWARD) {
      throw InvalidInput.of("note", "implementation.who");
    }
    if (!STATUSES.contains(status)) {
      throw InvalidInput.of("status", "implementation.status.invalid");
    }
    String text = Checks.text(note, "note", 5000, true);
    Instant now = clock.instant();
    deliberations.insertUpdate(UUID.randomUUID(), id, member.value(), status, text, now);
    proposals.implementation(id, status);
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "proposal.implementation",
        Map.of("proposal", id.toString(), "status", status, "by", member.toString())));
  }

  public List<UpdateView> updates(ProposalId id) {
    var rows = deliberations.updates(id);
    Map<MemberId, String> names = names(rows.stream().map(DeliberationRepository.UpdateRow::author).toList());
    return rows.stream().map(r -> new UpdateView(names.getOrDefault(new MemberId(r.author()), ""), r.status(), r.note(),
        r.at())).toList();
  }

  // ---------------------------------------------------------------- helpers

  private ProposalView visible(ProposalId id, MemberId member) {
    return Checks.visible(proposals, id, member);
  }

  private Map<MemberId, String> names(List<UUID> ids) {
    return Checks.names(members, ids);
  }
}
