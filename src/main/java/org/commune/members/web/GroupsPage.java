package org.commune.members.web;

import java.util.List;
import org.commune.members.GroupSummary;
import org.commune.web.Form;

/** The list of groups; stewards may create one. */
public record GroupsPage(List<GroupSummary> groups, boolean canManage, Form form) {}
