package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.ArticleVersion;

/** One article in one language, the other languages it exists in, and its JSON-LD (already escaped). */
public record ArticlePage(ArticleVersion article, List<String> languages, String jsonLd) {}
