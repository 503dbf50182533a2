package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.ArticleVersion;

/**
 * The articles list in one language: each article once, in that language where it exists, otherwise
 * in the other (marked, with a note saying so).
 */
public record ArticlesPage(String language, List<ArticleVersion> articles) {}
