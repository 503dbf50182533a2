package org.commune.governance;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.commune.governance.counting.DelegationWeights;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Liquid delegation: a member names a delegate who votes for them when they do not vote themselves.
 * Transitive; a direct ballot always wins; revocable until a vote closes, when weights are computed.
 */
@Service
public class Delegations {

  private final DelegationRepository delegations;
  private final Members members;

  Delegations(DelegationRepository delegations, Members members) {
    this.delegations = delegations;
    this.members = members;
  }

  @Transactional
  public void delegate(MemberId member, String delegateUsername) {
    String username = delegateUsername == null ? "" : delegateUsername.strip().toLowerCase(java.util.Locale.ROOT);
    MemberSummary delegate = members.all().stream().filter(m -> m.username().equals(username)).findFirst()
        .orElseThrow(() -> InvalidInput.of("username", "members.unknown"));
    if (delegate.id().equals(member)) {
      throw InvalidInput.of("username", "delegation.self");
    }
    delegations.set(member.value(), delegate.id().value());
  }

  @Transactional
  public void revoke(MemberId member) {
    delegations.revoke(member.value());
  }

  public Optional<MemberSummary> delegateOf(MemberId member) {
    return delegations.delegateOf(member.value()).flatMap(id -> members.find(new MemberId(id)));
  }

  public long delegatingTo(MemberId member) {
    return delegations.delegatingTo(member.value());
  }

  /** Weights at this moment, for a vote closing now: who voted directly decides whose chains end where. */
  DelegationWeights<UUID> weights(Set<UUID> eligible, Set<UUID> directVoters) {
    Map<UUID, UUID> global = delegations.all();
    return DelegationWeights.compute(eligible, directVoters, global, Map.of());
  }
}
