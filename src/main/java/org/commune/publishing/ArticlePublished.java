package org.commune.publishing;

import java.time.Instant;
import java.util.UUID;

/**
 * A language version of an article went on the public site: a new article, a new language of an existing
 * one, or a new revision reviewed from an AI draft. Federation sends it to followers (a new article as
 * {@code Create}, anything later as {@code Update}); it carries ids only, the text is read from
 * {@link Articles}. Not a public fact of its own: the public site and its feed already show it.
 */
public record ArticlePublished(UUID eventId, Instant at, UUID article, String language, boolean newArticle) {}
