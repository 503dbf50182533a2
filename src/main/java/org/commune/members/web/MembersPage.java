package org.commune.members.web;

import java.util.List;
import org.commune.members.MemberSummary;
import org.commune.web.Form;

/** The member directory; stewards also see the role form. */
public record MembersPage(List<MemberSummary> members, boolean canChangeRoles, Form form) {}
