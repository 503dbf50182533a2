package org.commune.members.web;

/** The sign-in form; notice is a message key (or empty) explaining why the member is here. */
public record LoginPage(String notice, boolean failed, String username) {}
