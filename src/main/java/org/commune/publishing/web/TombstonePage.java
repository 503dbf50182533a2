package org.commune.publishing.web;

import org.commune.publishing.Withdrawal;

/** What stays at a withdrawn article's address: why and when it was withdrawn (no text, no title). */
public record TombstonePage(Withdrawal withdrawal) {}
