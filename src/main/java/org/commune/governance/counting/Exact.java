package org.commune.governance.counting;

import java.math.BigInteger;

/**
 * Products that may not fit in a long, computed exactly: the fast path when the 128-bit product's
 * high half is zero, BigInteger otherwise. Counting never wraps around.
 */
final class Exact {

  private Exact() {}

  /** floor(a × b / c) for a, b ≥ 0 and c > 0; the result must fit in a long. */
  static long mulDiv(long a, long b, long c) {
    long low = a * b;
    if (Math.multiplyHigh(a, b) == 0 && low >= 0) {
      return low / c;
    }
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
  }

  /** ceil(a × b / c) for a, b ≥ 0 and c > 0; the result must fit in a long. */
  static long mulDivCeil(long a, long b, long c) {
    long low = a * b;
    if (Math.multiplyHigh(a, b) == 0 && low >= 0) {
      return Math.ceilDiv(low, c);
    }
    BigInteger[] qr = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divideAndRemainder(BigInteger.valueOf(c));
    return qr[1].signum() == 0 ? qr[0].longValueExact() : qr[0].add(BigInteger.ONE).longValueExact();
  }

  /** The sign of a × b − c × d, for non-negative arguments. */
  static int compareProducts(long a, long b, long c, long d) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))
        .compareTo(BigInteger.valueOf(c).multiply(BigInteger.valueOf(d)));
  }
}
