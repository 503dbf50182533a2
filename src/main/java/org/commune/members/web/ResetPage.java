package org.commune.members.web;

import org.commune.web.Form;

/** Password reset: asking for a link (token empty) or choosing a new password with one. */
public record ResetPage(String token, boolean mailConfigured, Form form) {}
