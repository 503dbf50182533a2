package org.commune.governance.web;

import java.util.List;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/**
 * The member's delegations: the global delegate (if any), how many delegate to them, their per-group
 * delegates (which apply before the global one in that group's votes), and the groups they are in.
 */
public record DelegationPage(@Nullable String delegateName, @Nullable String delegateUsername, long delegatingToMe,
    List<GroupDelegate> groupDelegates, List<String> myGroups, Form form) {

  public record GroupDelegate(String group, String delegateName) {}
}
