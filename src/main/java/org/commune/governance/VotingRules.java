package org.commune.governance;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The constitution's rules for how long a vote runs and who may change its end: the shortest and longest
 * voting time any proposal may choose (minutes, so that an assembly's quick vote of 10 minutes fits as
 * well as a postal-style vote of weeks), whether a vote closes as soon as every member of its electorate
 * has voted, and which roles may close a vote early or extend it (always with a public reason). Changed
 * only by a passed "constitution" proposal.
 *
 * @param closers role codes ("steward", "moderator") whose holders may close an open vote early
 * @param extenders role codes whose holders may extend an open vote, up to {@code maxMinutes} in all
 */
public record VotingRules(long minMinutes, long maxMinutes, @Nullable List<String> closers,
    @Nullable List<String> extenders,
    boolean closeWhenAllVoted) {

  /** The roles the rules may name as closers or extenders. */
  public static final List<String> ROLES = List.of("steward", "moderator");

  /** The founding bounds: 10 minutes (a quick vote at a meeting) to 8 weeks. */
  public static final VotingRules FOUNDING = new VotingRules(10, 8 * 7 * 24 * 60, List.of(), List.of(), true);

  public VotingRules {
    closers = closers == null ? List.of() : List.copyOf(closers);
    extenders = extenders == null ? List.of() : List.copyOf(extenders);
  }

  public Duration shortest() {
    return Duration.ofMinutes(minMinutes);
  }

  public Duration longest() {
    return Duration.ofMinutes(maxMinutes);
  }

  /** Whether a vote may run this long (from its opening to its close). */
  public boolean allows(Duration voting) {
    return voting.compareTo(shortest()) >= 0 && voting.compareTo(longest()) <= 0;
  }

  public boolean mayClose(String role) {
    return closers.contains(role);
  }

  public boolean mayExtend(String role) {
    return extenders.contains(role);
  }
}
