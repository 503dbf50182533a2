package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.ArticleVersion;

/**
 * One article in one language, the other languages it exists in, its JSON-LD (already escaped), related
 * articles, and the language the reader asked for (the page says when the article is not in it).
 */
public record ArticlePage(ArticleVersion article, List<String> languages, String jsonLd, List<ArticleVersion> related,
    String wanted) {

  /** The reader asked for a language the article is not written in: the page says which one it is in. */
  public boolean otherLanguageOnly() {
    return !wanted.equals(article.language());
  }
}
