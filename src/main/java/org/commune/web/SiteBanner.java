package org.commune.web;

import org.jspecify.annotations.Nullable;

/**
 * A notice every page shows above its content, from the one module that knows something every visitor must
 * see (federation: the organisation moved to a new address). The frame knows no module: it asks each bean.
 */
public interface SiteBanner {

  /** The banner now, or null: the message key (its one argument is the link) and where it points. */
  @Nullable Banner banner();

  record Banner(String messageKey, String link) {}
}
