package org.commune.members.web;

import java.util.List;
import org.commune.members.GroupSummary;
import org.commune.members.MemberSummary;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/** The list of groups, or one group with its members (group set). Stewards may manage. */
public record GroupsPage(
    List<GroupSummary> groups, @Nullable GroupSummary group, List<MemberSummary> members, boolean canManage,
    Form form) {}
