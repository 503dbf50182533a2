package org.commune.web;

import java.util.Set;

/**
 * The few paths whose forms may be larger than the usual limit, because a steward pastes or uploads a
 * list there (up to {@link FormSizeFilter#MAX_LARGE_BODY_BYTES}). Every other form keeps the small limit.
 */
public interface LargeForms {

  /** Exact paths, such as "/invitations/bulk". */
  Set<String> paths();
}
