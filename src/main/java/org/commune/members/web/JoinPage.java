package org.commune.members.web;

import org.commune.web.Form;

/** The form to become a member, by invitation or open registration. */
public record JoinPage(String action, boolean invitation, Form form) {}
