package org.commune.members.web;

import org.commune.web.Form;

/** Confirming account deletion with the password. */
public record DeletePage(Form form) {}
