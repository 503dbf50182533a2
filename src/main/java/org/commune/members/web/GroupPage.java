package org.commune.members.web;

import java.util.List;
import org.commune.members.GroupSummary;
import org.commune.members.InvalidList;
import org.commune.members.MemberSummary;
import org.commune.web.Form;
import org.commune.web.GroupPageSections;

/**
 * One group's page: its members, what other modules show for it (proposals, delegations), and for
 * stewards the forms to change membership, one member or several at once ({@code candidates}: members
 * not in the group yet), with the problems of a refused list.
 */
public record GroupPage(
    GroupSummary group, List<MemberSummary> members, List<GroupPageSections.Section> sections, boolean canManage,
    List<MemberSummary> candidates, Form form, List<InvalidList.Problem> listProblems, String notice) {}
