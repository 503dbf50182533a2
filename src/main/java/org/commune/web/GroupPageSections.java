package org.commune.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What other modules show on a group's page, without the members module (which owns groups and the
 * page) depending on them: governance, for one, lists the group's proposals and delegations. Each
 * implementation gives its sections; the page renders them in order, with message keys for every
 * heading and label, and member-written text isolated.
 */
public interface GroupPageSections {

  /** The sections for this group as this member may see them (a member's own drafts, say). */
  List<Section> sections(UUID group, UUID viewer);

  /**
   * One section: an id (for the page anchor and tests), its heading and empty-state message keys, its
   * items, and an optional link to see more (href and label key; null for none).
   */
  record Section(String id, String titleKey, String emptyKey, List<Item> items, @Nullable String moreHref,
      @Nullable String moreKey) {}

  /**
   * One line: the text (member-written: rendered isolated), a link, a status badge (its design-system
   * status and the message key of its text), a date, and a count with the message key that says what it
   * counts ({0} is the number). Any of these but the text may be null.
   */
  record Item(String text, @Nullable String href, @Nullable String badgeStatus, @Nullable String badgeKey,
      @Nullable Instant at, @Nullable Long count, @Nullable String countKey) {}
}
