package org.commune.members.web;

/** The front page: what this instance is and the ways in. */
public record HomePage(boolean setUp, boolean openRegistration) {}
