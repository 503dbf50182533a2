package org.commune.transparency.web;

import java.time.Instant;
import java.util.List;
import org.commune.transparency.LogWitnesses;
import org.jspecify.annotations.Nullable;

/** The public log page: a page of entries, newest first, optionally of one type. */
public record LogPage(
    List<Row> rows,
    List<String> types,
    @Nullable String type,
    long total,
    @Nullable Long olderBefore,
    long treeSize,
    String rootHash,
    String keyFingerprint,
    List<LogWitnesses.Witnessed> witnessed) {

  /** One entry, with ids shown as names where the page can (members who left show as such). */
  public record Row(long index, String type, Instant at, List<Fact> facts) {}

  /**
   * One fact of an entry. {@code valueKey} is a message key when the value is a word the page
   * translates (a role, a deleted member); otherwise {@code value} is shown as it is.
   */
  public record Fact(String key, String value, @Nullable String valueKey) {}
}
