package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.ArticleVersion;

/** One article in one language, the other languages it exists in, its JSON-LD (already escaped), related articles. */
public record ArticlePage(ArticleVersion article, List<String> languages, String jsonLd, List<ArticleVersion> related) {}
