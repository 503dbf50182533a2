package org.commune.members;

/** A second factor being set up: the secret to type or scan, not yet confirmed. */
public record TotpEnrolment(String secret, String otpauthUri) {}
