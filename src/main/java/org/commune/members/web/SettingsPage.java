package org.commune.members.web;

import java.util.List;
import org.commune.web.Form;

/** The organisation's settings form, with the time zones to choose from. */
public record SettingsPage(boolean saved, Form form, List<String> zones) {}
