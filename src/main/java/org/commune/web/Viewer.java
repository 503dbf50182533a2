package org.commune.web;

/** Who is looking at a page, as the page frame needs it. */
public record Viewer(String memberId, String displayName, String role) {

  public boolean isSteward() {
    return "steward".equals(role);
  }

  public boolean isModerator() {
    return "moderator".equals(role) || isSteward();
  }
}
