package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Liquid delegation, computed when a vote closes (Behrens et al., The Principles of LiquidFeedback,
 * 2014, §2.4). A member may delegate globally or for one group; for a vote in a group, the group
 * delegation applies before the global one. Delegations are transitive; a member's own ballot always
 * overrides their delegation; a chain that ends in a cycle, or with a member who neither voted nor
 * delegated, casts nothing.
 *
 * @param <M> how members are identified
 */
public final class DelegationWeights<M> {

  /** Where one member's vote went: the direct voter it reached (empty when it reached none) and the path. */
  public record Route<M>(M member, Optional<M> castBy, List<M> path) {}

  private final Map<M, Integer> weights = new LinkedHashMap<>();
  private final Map<M, Route<M>> routes = new LinkedHashMap<>();

  private DelegationWeights() {}

  /**
   * @param eligible members who may vote in this decision
   * @param directVoters eligible members who cast a ballot themselves
   * @param global each member's global delegate, if any
   * @param forGroup each member's delegate for the decision's group, if any (empty map for organisation-wide votes)
   */
  public static <M> DelegationWeights<M> compute(
      Set<M> eligible, Set<M> directVoters, Map<M, M> global, Map<M, M> forGroup) {
    DelegationWeights<M> result = new DelegationWeights<>();
    for (M voter : directVoters) {
      if (!eligible.contains(voter)) {
        throw new IllegalArgumentException("a direct voter is not eligible");
      }
      result.weights.put(voter, 0);
    }
    Map<M, Optional<M>> destination = new HashMap<>();
    for (M member : eligible) {
      List<M> path = new ArrayList<>();
      Set<M> seen = new HashSet<>();
      M current = member;
      Optional<M> reached = Optional.empty();
      while (current != null && seen.add(current)) {
        path.add(current);
        if (directVoters.contains(current)) {
          reached = Optional.of(current);
          break;
        }
        if (destination.containsKey(current) && current != member) {
          // Already followed from here: reuse where it went, and the rest of its path.
          reached = destination.get(current);
          List<M> rest = result.routes.get(current).path();
          for (M next : rest.subList(1, rest.size())) {
            if (!seen.add(next)) {
              break; // the rest loops back here: a cycle, shown once
            }
            path.add(next);
          }
          break;
        }
        M next = forGroup.containsKey(current) ? forGroup.get(current) : global.get(current);
        current = next != null && eligible.contains(next) ? next : null;
      }
      destination.put(member, reached);
      reached.ifPresent(voter -> result.weights.merge(voter, 1, Integer::sum));
      result.routes.put(member, new Route<>(member, reached, List.copyOf(path)));
    }
    return result;
  }

  /** Each direct voter's weight: themselves plus everyone whose delegation reached them. */
  public Map<M, Integer> weights() {
    return Collections.unmodifiableMap(weights);
  }

  /** Where each eligible member's vote went. */
  public Map<M, Route<M>> routes() {
    return Collections.unmodifiableMap(routes);
  }

  /** Members whose vote reached nobody (a cycle, or a chain to someone who did not vote). */
  public List<M> lost() {
    return routes.values().stream().filter(r -> r.castBy().isEmpty()).map(Route::member).toList();
  }
}
