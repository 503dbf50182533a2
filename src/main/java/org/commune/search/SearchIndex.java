package org.commune.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.jspecify.annotations.Nullable;

/**
 * The Lucene index, in memory: it holds nothing the database does not, so it is rebuilt from the sources
 * at each start (a restored backup or a moved data directory can never leave a stale or leaking index on
 * disk). Queries are built from analysed terms, never parsed: no query syntax reaches Lucene, so no input
 * can fail to parse or ask for an expensive query.
 */
final class SearchIndex implements AutoCloseable {

  static final String KEY = "key";
  static final String ENTITY = "entity";
  static final String KIND = "kind";
  static final String AUDIENCE = "audience";
  static final String OWNER = "owner";
  static final String TITLE = "title";
  static final String TEXT = "text";
  static final String HREF = "href";
  static final String AT = "at";
  static final String ID = "id";

  /** A document that matched: what the results page shows. */
  record Hit(String kind, String id, String title, String text, String href, Instant at) {}

  private final Analyzer analyzer = new TextAnalyzer();
  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private final SearcherManager searchers;

  SearchIndex() {
    try {
      writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
      searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Analyzer analyzer() {
    return analyzer;
  }

  /** Replaces everything of one kind (a rebuild from its source). */
  synchronized void replaceKind(String kind, List<SearchDocument> documents) {
    try {
      writer.deleteDocuments(new Term(KIND, kind));
      for (SearchDocument d : documents) {
        writer.addDocument(document(d));
      }
      publish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces one entity's documents (none: it is no longer found). */
  synchronized void replaceEntity(String kind, String id, List<SearchDocument> documents) {
    try {
      writer.deleteDocuments(new Term(ENTITY, kind + ":" + id));
      for (SearchDocument d : documents) {
        writer.addDocument(document(d));
      }
      publish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void publish() throws IOException {
    writer.commit();
    searchers.maybeRefreshBlocking();
  }

  private static Document document(SearchDocument d) {
    Document doc = new Document();
    doc.add(new StringField(KEY, d.kind() + ":" + d.id() + ":" + d.part(), Field.Store.NO));
    doc.add(new StringField(ENTITY, d.kind() + ":" + d.id(), Field.Store.NO));
    doc.add(new StringField(KIND, d.kind(), Field.Store.YES));
    doc.add(new StoredField(ID, d.id()));
    doc.add(new StringField(AUDIENCE, d.audience().code(), Field.Store.NO));
    if (d.owner() != null) {
      doc.add(new StringField(OWNER, d.owner(), Field.Store.NO));
    }
    doc.add(new TextField(TITLE, d.title(), Field.Store.YES));
    doc.add(new TextField(TEXT, d.text(), Field.Store.YES));
    doc.add(new StoredField(HREF, d.href()));
    doc.add(new StoredField(AT, d.at().toEpochMilli()));
    return doc;
  }

  /**
   * Documents holding every term (in the title or the text, a title match weighing more) that the viewer
   * may find: visitors public ones, members also members' ones and their own. Best first.
   */
  List<Hit> search(List<String> terms, @Nullable String viewer, int limit) {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    for (String term : terms) {
      query.add(new BooleanQuery.Builder()
          .add(new BoostQuery(new TermQuery(new Term(TITLE, term)), 3f), Occur.SHOULD)
          .add(new TermQuery(new Term(TEXT, term)), Occur.SHOULD)
          .build(), Occur.MUST);
    }
    query.add(audience(viewer), Occur.FILTER);
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(query.build(), limit);
        List<Hit> hits = new ArrayList<>();
        var stored = searcher.storedFields();
        for (ScoreDoc score : top.scoreDocs) {
          Document doc = stored.document(score.doc, Set.of(KIND, ID, TITLE, TEXT, HREF, AT));
          hits.add(new Hit(doc.get(KIND), doc.get(ID), doc.get(TITLE), doc.get(TEXT), doc.get(HREF),
              Instant.ofEpochMilli(doc.getField(AT).numericValue().longValue())));
        }
        return hits;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Query audience(@Nullable String viewer) {
    BooleanQuery.Builder who = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(AUDIENCE, Audience.PUBLIC.code())), Occur.SHOULD);
    if (viewer != null) {
      who.add(new TermQuery(new Term(AUDIENCE, Audience.MEMBERS.code())), Occur.SHOULD);
      who.add(new BooleanQuery.Builder()
          .add(new TermQuery(new Term(AUDIENCE, Audience.OWNER.code())), Occur.MUST)
          .add(new TermQuery(new Term(OWNER, viewer)), Occur.MUST)
          .build(), Occur.SHOULD);
    }
    return who.build();
  }

  /** How many documents the index holds (for the health of a rebuild and for tests). */
  int size() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.getIndexReader().numDocs();
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    writer.close();
    directory.close();
  }
}
