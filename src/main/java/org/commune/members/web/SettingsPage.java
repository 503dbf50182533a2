package org.commune.members.web;

import org.commune.web.Form;

/** The organisation's settings form. */
public record SettingsPage(boolean saved, Form form) {}
