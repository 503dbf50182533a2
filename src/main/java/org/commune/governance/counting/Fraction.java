package org.commune.governance.counting;

/** An exact fraction such as 2/3, for thresholds and quorums; compared without floating point. */
public record Fraction(long numerator, long denominator) {

  public Fraction {
    if (denominator <= 0 || numerator < 0 || numerator > denominator) {
      throw new IllegalArgumentException("a threshold is a fraction between 0 and 1");
    }
  }

  public static final Fraction HALF = new Fraction(1, 2);

  /** Reads "2/3"; anything else is refused with a message that quotes it. */
  public static Fraction parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 2 || !parts[0].strip().matches("\\d{1,18}") || !parts[1].strip().matches("\\d{1,18}")) {
      throw new IllegalArgumentException("\"" + text + "\" is not a fraction such as 2/3");
    }
    return new Fraction(Long.parseLong(parts[0].strip()), Long.parseLong(parts[1].strip()));
  }

  /** True when part / whole ≥ this fraction (exact for any counts: the products are not limited to a long). */
  public boolean reachedBy(long part, long whole) {
    return Exact.compareProducts(part, denominator, whole, numerator) >= 0;
  }

  /** True when part / whole > this fraction. */
  public boolean exceededBy(long part, long whole) {
    return Exact.compareProducts(part, denominator, whole, numerator) > 0;
  }

  /** The least whole count that reaches this fraction of {@code whole}. */
  public long of(long whole) {
    return Exact.mulDivCeil(whole, numerator, denominator);
  }

  @Override
  public String toString() {
    return numerator + "/" + denominator;
  }
}
