package org.commune.members.web;

import org.commune.web.Form;

/** The one-time set-up form. */
public record SetupPage(String token, Form form) {}
