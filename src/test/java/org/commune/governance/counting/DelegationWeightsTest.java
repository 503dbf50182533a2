package org.commune.governance.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Liquid delegation: transitive, overridden by a direct vote, group before global, cycles cast nothing. */
class DelegationWeightsTest {

  private static final Set<String> MEMBERS = Set.of("amina", "karim", "salma", "youssef", "nour", "hassan");

  /** Delegations pass along a chain to the first member who voted. */
  @Test
  void chainsAreTransitive() {
    var result = DelegationWeights.compute(MEMBERS, Set.of("salma"),
        Map.of("amina", "karim", "karim", "salma"), Map.of());
    assertThat(result.weights()).containsEntry("salma", 3);
    assertThat(result.routes().get("amina").path()).containsExactly("amina", "karim", "salma");
    assertThat(result.routes().get("amina").castBy()).contains("salma");
  }

  /** A member who votes directly keeps their own vote, whatever they delegated. */
  @Test
  void directVoteOverridesDelegation() {
    var result = DelegationWeights.compute(MEMBERS, Set.of("karim", "salma"),
        Map.of("amina", "karim", "karim", "salma"), Map.of());
    assertThat(result.weights()).containsEntry("karim", 2).containsEntry("salma", 1);
  }

  /** For a vote in a group, the group delegation applies before the global one. */
  @Test
  void groupDelegationIsMoreSpecific() {
    var result = DelegationWeights.compute(MEMBERS, Set.of("salma", "nour"),
        Map.of("amina", "salma"), Map.of("amina", "nour"));
    assertThat(result.routes().get("amina").castBy()).contains("nour");
    assertThat(result.weights()).containsEntry("nour", 2).containsEntry("salma", 1);
  }

  /** A cycle with nobody voting directly casts nothing. */
  @Test
  void cyclesCastNothing() {
    var result = DelegationWeights.compute(MEMBERS, Set.of("hassan"),
        Map.of("amina", "karim", "karim", "youssef", "youssef", "amina", "nour", "amina"), Map.of());
    assertThat(result.lost()).containsExactlyInAnyOrder("amina", "karim", "youssef", "nour", "salma");
    assertThat(result.weights()).containsExactly(Map.entry("hassan", 1));
  }

  /** Every eligible member's vote is counted at most once, and exactly once when their chain reaches a voter. */
  @Property(tries = 300)
  void weightsAddUp(@ForAll @IntRange(min = 1, max = 30) int size, @ForAll @IntRange(max = 100_000) int seed) {
    Random random = new Random(seed);
    Set<Integer> eligible = new HashSet<>();
    for (int m = 0; m < size; m++) {
      eligible.add(m);
    }
    Set<Integer> voters = new HashSet<>();
    Map<Integer, Integer> global = new HashMap<>();
    Map<Integer, Integer> group = new HashMap<>();
    for (int m = 0; m < size; m++) {
      if (random.nextInt(4) == 0) {
        voters.add(m);
      }
      if (random.nextBoolean()) {
        global.put(m, random.nextInt(size));
      }
      if (random.nextInt(5) == 0) {
        group.put(m, random.nextInt(size));
      }
    }
    var result = DelegationWeights.compute(eligible, voters, global, group);
    int counted = result.weights().values().stream().mapToInt(Integer::intValue).sum();
    assertThat(counted + result.lost().size()).isEqualTo(size);
    for (int voter : voters) {
      assertThat(result.weights().get(voter)).isGreaterThanOrEqualTo(1);
      assertThat(result.routes().get(voter).castBy()).isEqualTo(Optional.of(voter));
    }
    for (var route : result.routes().values()) {
      route.castBy().ifPresent(v -> assertThat(voters).contains(v));
      assertThat(route.path()).doesNotHaveDuplicates();
    }
  }

  /** Names in routes are the members given, so a page can show each member where their vote went. */
  @Test
  void routesCoverEveryEligibleMember() {
    var result = DelegationWeights.compute(MEMBERS, Set.of("amina"), Map.of(), Map.of());
    assertThat(result.routes().keySet()).containsExactlyInAnyOrderElementsOf(MEMBERS);
    assertThat(result.lost()).hasSize(5);
    assertThat(List.copyOf(result.weights().keySet())).containsExactly("amina");
  }
}
