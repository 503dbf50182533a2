package org.commune.governance.web;

import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/** The member's delegation: to whom (if anyone), and how many delegate to them. */
public record DelegationPage(@Nullable String delegateName, @Nullable String delegateUsername, long delegatingToMe,
    Form form) {}
