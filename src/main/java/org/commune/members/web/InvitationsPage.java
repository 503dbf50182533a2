package org.commune.members.web;

import java.time.Instant;
import java.util.List;
import org.commune.members.GroupSummary;
import org.commune.members.InvitationSummary;
import org.commune.web.Form;

/** Invitations: the form, the link just made (shown once), and recent invitations. */
public record InvitationsPage(
    String newLink, List<InvitationSummary> recent, List<GroupSummary> groups, Instant now, Form form) {}
