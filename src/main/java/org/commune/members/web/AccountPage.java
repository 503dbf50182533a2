package org.commune.members.web;

import java.util.List;
import org.commune.web.Form;

/**
 * The member's settings: the form, the time zones to choose from, the organisation's zone (the default
 * when none is chosen), and a notice key ("" for none).
 */
public record AccountPage(Form form, List<String> zones, String organisationZone, String notice) {}
