package org.commune.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a module asks of a member on their home page ("what needs me"). Each module that has something to
 * ask contributes one bean; the home page (members) shows every section in {@link Section#order()} order
 * without reading any module's tables. A section is shown even when empty, with its empty-state sentence.
 */
public interface NeedsYou {

  /** This module's sections for the member: {@code since} is the start of the member's previous visit. */
  List<Section> sections(String memberId, Instant since);

  /**
   * One section: its heading and empty-state message keys, where to find the whole list (null: nowhere
   * else), its place on the page (lower first), and its items (already limited to a few).
   */
  record Section(String id, int order, String titleKey, String emptyKey, @Nullable String moreHref,
      List<Item> items) {}

  /**
   * One thing that needs the member: member-written {@code title} (shown isolated), a link, an optional
   * badge ({@code status}, a design-system status such as "voting", named by the message key
   * {@code statusKey}), an optional note (the message key {@code noteKey}, followed by {@code noteName},
   * member-written and shown isolated, e.g. who replied), a moment, and a time span ({@code left}, shown
   * through the message key {@code leftKey} whose one argument is the span, e.g. "2 d 4 h left").
   */
  record Item(String title, String href, @Nullable String status, @Nullable String statusKey,
      @Nullable String noteKey, @Nullable String noteName, @Nullable Instant at, @Nullable String leftKey,
      @Nullable Duration left) {}
}
