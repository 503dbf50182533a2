package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.Articles;
import org.commune.search.Audience;
import org.commune.search.SearchDocument;
import org.commune.search.SearchSource;
import org.springframework.stereotype.Component;

/** Published articles in search, each language version on its own, for anyone (the site is public). */
@Component
class ArticleSearch implements SearchSource {

  private final Articles articles;

  ArticleSearch(Articles articles) {
    this.articles = articles;
  }

  @Override
  public String kind() {
    return Articles.SEARCH_KIND;
  }

  @Override
  public List<SearchDocument> all() {
    return articles.ids().stream().flatMap(id -> articles.versions(id).stream()).map(ArticleSearch::document).toList();
  }

  @Override
  public List<SearchDocument> documents(String id) {
    return SearchSource.uuid(id).map(a -> articles.versions(a).stream().map(ArticleSearch::document).toList())
        .orElse(List.of());
  }

  private static SearchDocument document(ArticleVersion v) {
    return new SearchDocument(Articles.SEARCH_KIND, v.article().toString(), v.language(), v.title(), v.body(),
        "/articles/" + v.article() + "?lang=" + v.language(), Audience.PUBLIC, null, v.publishedAt());
  }
}
