package org.commune.members.web;

/** A page that says one thing and offers one way on. */
public record NoticePage(String titleKey, String messageKey, String linkHref, String linkKey) {}
