package org.commune.publishing;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One language version of an article (its current text, or one revision of it), with its provenance.
 *
 * @param sourceType "human", or the IPTC digital source type of AI-assisted text:
 *     "trainedAlgorithmicMedia" (published as the model wrote it, after review) or
 *     "compositeWithTrainedAlgorithmicMedia" (a person edited the AI text: before approving it, or in a
 *     correction)
 * @param aiModel the model that wrote the draft (null for human text)
 * @param authorName who wrote this version (or asked for the AI text it came from, or corrected it)
 * @param reviewerName who approved the AI draft (empty for human text)
 * @param publishedAt when this revision was published
 * @param revision this version's number among the article language's revisions (1 = the first)
 * @param firstPublishedAt when the language version was first published (revision 1)
 * @param correctionReason for the current text: the reason of its latest correction; for a revision:
 *     its own reason when it is a correction; null when there is none
 * @param correctionNote the editor's words on that correction (empty when none)
 * @param correctedAt when that correction was published (null when none)
 */
public record ArticleVersion(UUID article, String language, String title, String body, String sourceType,
    @Nullable String aiModel, String authorName, String reviewerName, @Nullable Instant reviewedAt,
    Instant publishedAt, int revision, Instant firstPublishedAt, @Nullable CorrectionReason correctionReason,
    String correctionNote, @Nullable Instant correctedAt) {

  public boolean aiAssisted() {
    return !"human".equals(sourceType);
  }

  public boolean corrected() {
    return correctionReason != null && correctedAt != null;
  }

  /** The IPTC NewsCodes URI for the JSON-LD, or null for text a person wrote. */
  public @Nullable String digitalSourceTypeUri() {
    return aiAssisted() ? "http://cv.iptc.org/newscodes/digitalsourcetype/" + sourceType : null;
  }

  /**
   * The title between Unicode first-strong and pop isolates (U+2068, U+2069): the plain-text {@code <bdi>},
   * for a title inside a sentence of the page's language where markup cannot go (a heading given as text,
   * the window title), so an Arabic title in an English sentence, or the reverse, is not scrambled.
   */
  public String isolatedTitle() {
    return "\u2068" + title + "\u2069";
  }

  /** The text's direction, for the block that holds it. */
  public String dir() {
    return "ar".equals(language) ? "rtl" : "ltr";
  }
}
