package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.ArticleVersion;

/** The newest published articles in one language. */
public record ArticlesPage(String language, List<ArticleVersion> articles) {}
