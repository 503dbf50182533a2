package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.ArticleVersion;

/** Every revision of one language version of an article, newest first, each with who wrote and who approved it. */
public record ArticleHistoryPage(ArticleVersion current, List<ArticleVersion> revisions) {}
