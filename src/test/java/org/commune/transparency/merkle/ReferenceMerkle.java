package org.commune.transparency.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 section 2.1 transcribed literally (MTH, PATH, PROOF over a list of leaves), slow and
 * obviously right, to check the fast tree against.
 */
final class ReferenceMerkle {

  private ReferenceMerkle() {}

  static byte[] mth(List<byte[]> d) {
    int n = d.size();
    if (n == 0) {
      return Rfc9162.emptyRoot();
    }
    if (n == 1) {
      return Rfc9162.leafHash(d.get(0));
    }
    int k = Integer.highestOneBit(n - 1);
    return Rfc9162.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
  }

  static List<byte[]> path(int m, List<byte[]> d) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (n <= 1) {
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(path(m - k, d.subList(k, n)));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> proof(int m, List<byte[]> d) {
    return subproof(m, d, true);
  }

  private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }
}
