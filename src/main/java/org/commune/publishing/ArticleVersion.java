package org.commune.publishing;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One language version of an article, with its provenance.
 *
 * @param sourceType "human", or the IPTC digital source type of AI-assisted text:
 *     "trainedAlgorithmicMedia" (published as the model wrote it, after review) or
 *     "compositeWithTrainedAlgorithmicMedia" (a person edited the AI text before approving it)
 * @param aiModel the model that wrote the draft (null for human text)
 * @param authorName who wrote this version (or asked for the AI text it came from)
 * @param reviewerName who approved the AI draft (empty for human text)
 * @param revision this version's number among the article language's revisions (1 = the first)
 */
public record ArticleVersion(UUID article, String language, String title, String body, String sourceType,
    @Nullable String aiModel, String authorName, String reviewerName, @Nullable Instant reviewedAt,
    Instant publishedAt, int revision) {

  public boolean aiAssisted() {
    return !"human".equals(sourceType);
  }

  /** The IPTC NewsCodes URI for the JSON-LD, or null for text a person wrote. */
  public @Nullable String digitalSourceTypeUri() {
    return aiAssisted() ? "http://cv.iptc.org/newscodes/digitalsourcetype/" + sourceType : null;
  }

  public String publishedDate() {
    return publishedAt.toString().substring(0, 10);
  }

  public String reviewedDate() {
    return reviewedAt == null ? "" : reviewedAt.toString().substring(0, 10);
  }
}
