package org.commune.governance.counting;

import java.util.List;

/**
 * Consent (sociocratic): no count. A proposal passes at close unless an objection is still open.
 * An objection carries a reason; the proposer may amend and the objector may withdraw it, and the
 * result page shows each objection with how it was resolved.
 */
public final class Consent {

  private Consent() {}

  /** An objection: who raised it, why, and whether (and how) it was resolved. */
  public record Objection(String objector, String reason, boolean open, String resolution) {
    public Objection {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("an objection must give a reason");
      }
    }
  }

  public record Result(boolean passed, List<Objection> objections, long open) {}

  public static Result decide(List<Objection> objections) {
    long open = objections.stream().filter(Objection::open).count();
    return new Result(open == 0, List.copyOf(objections), open);
  }
}
