package org.commune.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Search across what every module offers ({@link SearchSource}): the query is checked (length, words),
 * analysed like the text, and answered from the index with only what the viewer may find, each result
 * with a snippet around the first word that matched.
 */
@Service
public class Search {

  /** Longer queries are refused with a message: nobody types more, and each word costs a clause. */
  public static final int MAX_LENGTH = 200;

  /** At most this many words count; a query with more is refused. */
  public static final int MAX_WORDS = 12;

  static final int RESULTS = 50;
  static final int SNIPPET = 160;

  private static final Logger LOG = LoggerFactory.getLogger(Search.class);

  private final SearchIndex index = new SearchIndex();
  private final ObjectProvider<SearchSource> sources;

  Search(ObjectProvider<SearchSource> sources) {
    this.sources = sources;
  }

  /** One result: its kind, where it leads, its title, a snippet (text before, the match, text after). */
  public record Result(String kind, String href, String title, String before, String match, String after,
      Instant at) {}

  /** The answer: the query as understood, a refusal's message key ("" when none), the results. */
  public record Results(String query, String problem, List<Result> results) {

    public boolean refused() {
      return !problem.isEmpty();
    }
  }

  /**
   * Searches for the viewer (a member id, or null for a visitor). Never throws on what was typed: an
   * empty, overlong or wordless query comes back refused, with the message key that says why.
   */
  public Results search(@Nullable String raw, @Nullable String viewer) {
    String query = clean(raw);
    if (query.isEmpty()) {
      return new Results("", "", List.of());
    }
    if (query.length() > MAX_LENGTH) {
      return new Results(query.substring(0, MAX_LENGTH), "search.too-long", List.of());
    }
    List<String> terms = terms(query);
    if (terms.isEmpty()) {
      return new Results(query, "search.no-words", List.of());
    }
    if (terms.size() > MAX_WORDS) {
      return new Results(query, "search.too-many-words", List.of());
    }
    Set<String> wanted = Set.copyOf(terms);
    List<Result> results = index.search(terms, viewer, RESULTS).stream().map(hit -> result(hit, wanted)).toList();
    return new Results(query, "", results);
  }

  /** Control characters out, runs of white space made one space, ends trimmed. */
  static String clean(@Nullable String raw) {
    if (raw == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    raw.codePoints().limit(MAX_LENGTH * 4L).forEach(c -> {
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
          out.append(' ');
        }
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString().strip();
  }

  /** The query's search terms, as the index holds them (folded, normalised, stemmed), each once. */
  List<String> terms(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream stream = index.analyzer().tokenStream(SearchIndex.TEXT, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(terms);
  }

  /** A snippet around the first word of the text that matched (offsets in the original text). */
  private Result result(SearchIndex.Hit hit, Set<String> wanted) {
    int start = -1;
    int end = -1;
    try (TokenStream stream = index.analyzer().tokenStream(SearchIndex.TEXT, hit.text())) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        if (wanted.contains(term.toString())) {
          start = offset.startOffset();
          end = offset.endOffset();
          break;
        }
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text = hit.text();
    if (start < 0) {
      String head = text.length() > SNIPPET ? text.substring(0, SNIPPET) + "…" : text;
      return new Result(hit.kind(), hit.href(), hit.title(), head, "", "", hit.at());
    }
    int from = Math.max(0, start - SNIPPET / 2);
    int to = Math.min(text.length(), end + SNIPPET / 2);
    return new Result(hit.kind(), hit.href(), hit.title(), (from > 0 ? "…" : "") + text.substring(from, start),
        text.substring(start, end), text.substring(end, to) + (to < text.length() ? "…" : ""), hit.at());
  }

  /** Builds the index from every source once the application is ready (the database is migrated by then). */
  @EventListener(ApplicationReadyEvent.class)
  public void rebuild() {
    long started = System.nanoTime();
    sources.forEach(source -> index.replaceKind(source.kind(), source.all()));
    LOG.info("Search index built: {} documents in {} ms", index.size(), (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * The safety net: every hour the index is rebuilt, so a change that no {@link SearchableChanged}
   * announced is found within the hour (and something removed stops being found).
   */
  @Scheduled(fixedDelayString = "${commune.search.rebuild-every:PT1H}", initialDelayString = "${commune.search.rebuild-every:PT1H}")
  void rebuildRegularly() {
    rebuild();
  }

  /** After the change committed, the entity is read again from its source and replaces what was indexed. */
  @TransactionalEventListener(fallbackExecution = true)
  void changed(SearchableChanged change) {
    sources.stream().filter(s -> s.kind().equals(change.kind())).findFirst()
        .ifPresent(source -> index.replaceEntity(change.kind(), change.id(), source.documents(change.id())));
  }

  /** How many documents are indexed. */
  public int size() {
    return index.size();
  }
}
