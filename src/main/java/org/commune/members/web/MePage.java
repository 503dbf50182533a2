package org.commune.members.web;

import java.util.List;
import org.commune.members.GroupSummary;
import org.commune.members.MemberSummary;

/** The signed-in member's own page. */
public record MePage(MemberSummary me, List<GroupSummary> groups, boolean twoStep, boolean hasEmail) {}
