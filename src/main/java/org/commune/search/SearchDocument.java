package org.commune.search;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One searchable thing as a source gives it: its kind ("proposal", "comment", "article", "member") and
 * id, a title and text (member-written: the results page isolates them), the page that shows it, who may
 * find it ({@code owner}: the member an {@link Audience#OWNER} document belongs to) and when it was
 * written. An entity may have several documents (an article's language versions), told apart by
 * {@code part}.
 */
public record SearchDocument(String kind, String id, String part, String title, String text, String href,
    Audience audience, @Nullable String owner, Instant at) {

  public SearchDocument {
    if (audience == Audience.OWNER && owner == null) {
      throw new IllegalArgumentException("A document for its owner only needs the owner");
    }
  }
}
