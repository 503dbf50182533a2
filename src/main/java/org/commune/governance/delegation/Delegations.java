package org.commune.governance.delegation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.commune.governance.counting.DelegationWeights;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.jspecify.annotations.Nullable;
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
  private final Groups groups;

  Delegations(DelegationRepository delegations, Members members, Groups groups) {
    this.delegations = delegations;
    this.members = members;
    this.groups = groups;
  }

  @Transactional
  public void delegate(MemberId member, String delegateUsername) {
    String username = delegateUsername == null ? "" : delegateUsername.strip().toLowerCase(Locale.ROOT);
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

  /** Names a delegate for one group's decisions (more specific than the global delegate). */
  @Transactional
  public void delegateInGroup(MemberId member, String groupSlug, String delegateUsername) {
    var group = groups.bySlug(groupSlug == null ? "" : groupSlug.strip())
        .orElseThrow(() -> InvalidInput.of("group", "proposals.group.unknown"));
    // A delegation counts only in the group's own votes: someone outside it has no vote there to give.
    if (groups.of(member).stream().noneMatch(g -> g.id().equals(group.id()))) {
      throw InvalidInput.of("group", "delegation.not-member");
    }
    String username = delegateUsername == null ? "" : delegateUsername.strip().toLowerCase(Locale.ROOT);
    MemberSummary delegate = groups.members(group.id()).stream().filter(m -> m.username().equals(username)).findFirst()
        .orElseThrow(() -> InvalidInput.of("username", "delegation.not-in-group"));
    if (delegate.id().equals(member)) {
      throw InvalidInput.of("username", "delegation.self");
    }
    delegations.set(member.value(), group.id().value(), delegate.id().value());
  }

  @Transactional
  public void revokeInGroup(MemberId member, String groupSlug) {
    groups.bySlug(groupSlug == null ? "" : groupSlug.strip())
        .ifPresent(group -> delegations.revoke(member.value(), group.id().value()));
  }

  /** The member's per-group delegates: group slug → delegate. */
  public Map<String, MemberSummary> groupDelegatesOf(MemberId member) {
    Map<String, MemberSummary> result = new TreeMap<>();
    delegations.groupDelegatesOf(member.value()).forEach((group, delegate) ->
        groups.byId(new GroupId(group)).ifPresent(g ->
            members.find(new MemberId(delegate)).ifPresent(d -> result.put(g.slug(), d))));
    return result;
  }

  /**
   * Weights at this moment, for a vote closing now: who voted directly decides whose chains end where.
   * In a group's vote, a member's delegate for that group applies before their global delegate.
   */
  public DelegationWeights<UUID> weights(Set<UUID> eligible, Set<UUID> directVoters, @Nullable UUID group) {
    Map<UUID, UUID> global = delegations.all();
    return DelegationWeights.compute(eligible, directVoters, global, group == null ? Map.of() : delegations.forGroup(group));
  }

  /**
   * The weight a member would carry if open votes closed now: themselves plus everyone whose chain of
   * delegations reaches them (given who has voted so far, and assuming they vote). Shown to delegates while votes are open.
   */
  public long currentWeight(MemberId member, @Nullable UUID group, Set<UUID> electorate,
      Set<UUID> votedSoFar) {
    Set<UUID> eligible = new HashSet<>(electorate);
    eligible.add(member.value());
    Set<UUID> direct = new HashSet<>(votedSoFar);
    direct.add(member.value());
    eligible.addAll(direct);
    var computed = weights(eligible, direct, group);
    return computed.weights().getOrDefault(member.value(), 1);
  }

  /**
   * Who is a delegate in the group and for how many of its members (direct delegations only, no
   * chains): shown on the group's page. Who delegates to whom stays on each member's own page.
   */
  public Map<MemberSummary, Long> delegatesInGroup(GroupId group) {
    Map<UUID, Long> counts = new HashMap<>();
    delegations.forGroup(group.value()).values().forEach(delegate -> counts.merge(delegate, 1L, Long::sum));
    Map<MemberSummary, Long> result = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<UUID, Long>comparingByValue().reversed())
        .forEach(e -> members.find(new MemberId(e.getKey())).ifPresent(m -> result.put(m, e.getValue())));
    return result;
  }
}
