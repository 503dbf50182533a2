package org.commune.governance.counting;

/** An exact fraction such as 2/3, for thresholds and quorums; compared without floating point. */
public record Fraction(long numerator, long denominator) {

  public Fraction {
    if (denominator <= 0 || numerator < 0 || numerator > denominator) {
      throw new IllegalArgumentException("a threshold is a fraction between 0 and 1");
    }
  }

  public static final Fraction HALF = new Fraction(1, 2);

  /** True when part / whole ≥ this fraction. */
  public boolean reachedBy(long part, long whole) {
    return Math.multiplyExact(part, denominator) >= Math.multiplyExact(whole, numerator);
  }

  /** True when part / whole > this fraction. */
  public boolean exceededBy(long part, long whole) {
    return Math.multiplyExact(part, denominator) > Math.multiplyExact(whole, numerator);
  }

  /** The least whole count that reaches this fraction of {@code whole}. */
  public long of(long whole) {
    return Math.ceilDiv(Math.multiplyExact(whole, numerator), denominator);
  }

  @Override
  public String toString() {
    return numerator + "/" + denominator;
  }
}
