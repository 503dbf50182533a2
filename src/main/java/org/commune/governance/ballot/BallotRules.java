package org.commune.governance.ballot;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.commune.governance.BallotInput;
import org.commune.governance.ProposalView;
import org.commune.governance.VotingMethod;
import org.commune.members.InvalidInput;

/** What makes a ballot valid for each method, and how it is stored (the tally export's ballot form). */
public final class BallotRules {

  private BallotRules() {}

  public static Map<String, Object> check(ProposalView proposal, BallotInput input) {
    int n = proposal.options().size();
    Map<String, Object> stored = new LinkedHashMap<>();
    switch (proposal.method().ballot()) {
      case NONE -> throw InvalidInput.of("form", "ballot.consent");
      case SCORES -> {
        int[] scores = new int[n];
        for (var entry : input.scores().entrySet()) {
          if (entry.getKey() < 0 || entry.getKey() >= n) {
            throw InvalidInput.of("form", "ballot.option.unknown");
          }
          if (entry.getValue() < 0 || entry.getValue() > proposal.maxScore()) {
            throw InvalidInput.of("form", "ballot.score.invalid");
          }
          scores[entry.getKey()] = entry.getValue();
        }
        stored.put("scores", Arrays.stream(scores).boxed().toList());
      }
      case CHOICE -> {
        if (!Set.of("yes", "no", "abstain").contains(input.choice())) {
          throw InvalidInput.of("form", "ballot.choice.invalid");
        }
        stored.put("choice", input.choice());
      }
      case APPROVAL -> {
        for (int option : input.approved()) {
          if (option < 0 || option >= n) {
            throw InvalidInput.of("form", "ballot.option.unknown");
          }
        }
        if (proposal.maxApprovals() > 0 && input.approved().size() > proposal.maxApprovals()) {
          throw InvalidInput.of("form", "ballot.approvals.too-many");
        }
        stored.put("approved", List.copyOf(new TreeSet<>(input.approved())));
      }
      case RANKS -> {
        int[] ranks = new int[n];
        TreeSet<Integer> used = new TreeSet<>();
        for (var entry : input.ranks().entrySet()) {
          int option = entry.getKey();
          int rank = entry.getValue();
          if (option < 0 || option >= n) {
            throw InvalidInput.of("form", "ballot.option.unknown");
          }
          if (rank < 0 || rank > n) {
            throw InvalidInput.of("form", "ballot.rank.invalid");
          }
          if (rank > 0 && !used.add(rank) && proposal.method() != VotingMethod.SCHULZE) {
            throw InvalidInput.of("form", "ballot.rank.twice");
          }
          ranks[option] = rank;
        }
        if (used.isEmpty()) {
          throw InvalidInput.of("form", "ballot.rank.none");
        }
        // Ranks 1, 2, 3… with none left out: STV read a ballot without a 1 as empty, and one with a
        // gap as ending there, while IRV and Schulze read on (attacker review) — so a gap is refused
        // here, where the voter can fix it. Schulze compares order only: its equal ranks may skip.
        if (proposal.method() != VotingMethod.SCHULZE && used.last() != used.size()) {
          throw InvalidInput.of("form", "ballot.rank.gap");
        }
        stored.put("ranks", Arrays.stream(ranks).boxed().toList());
      }
    }
    return stored;
  }
}
