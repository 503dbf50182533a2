package org.commune.members.web;

/** The front page: what this instance is and the ways in. */
public record FrontPage(boolean setUp, boolean openRegistration) {}
