package org.commune.members.web;

import java.time.Instant;
import java.util.List;
import org.commune.members.GroupSummary;
import org.commune.members.InvalidList;
import org.commune.members.InvitationSummary;
import org.commune.web.Form;

/**
 * Invitations: the forms (one link, or a list), the problems of a refused list by line number
 * ({@code notShown} more beyond those listed), and recent invitations.
 */
public record InvitationsPage(
    List<InvitationSummary> recent, List<GroupSummary> groups, Instant now, Form form,
    List<InvalidList.Problem> listProblems, int notShown) {}
