package org.commune.governance.counting;

/**
 * One counting method: reads a ballot set of the kind it counts and returns the report, with every
 * round, stage or matrix. {@link CountingMethod} checks what is common to all (the method fits the
 * ballots, the sums fit, there is something to count) before a counter is called, and writes the
 * report's first lines.
 */
@FunctionalInterface
public interface Counter {

  /** Adds the count of {@code ballots} to {@code report}. */
  void count(BallotSet ballots, CountReport.Builder report);
}
