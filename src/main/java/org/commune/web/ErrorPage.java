package org.commune.web;

/** The error page's content: a status code and the message keys that explain it. */
public record ErrorPage(int status, String titleKey, String messageKey) {}
