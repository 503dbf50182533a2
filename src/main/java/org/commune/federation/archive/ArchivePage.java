package org.commune.federation.archive;

import java.util.List;
import org.commune.web.Formats;
import org.commune.web.Texts;
import org.jspecify.annotations.Nullable;

/**
 * One page of a served archive (template {@code federation/archive/page.jte}): the list of articles, one
 * article with its revisions, a withdrawn article's tombstone, or a short notice (not found). Every page
 * carries the banner that says whose archive it is, when it was made, and that it is read-only.
 */
public record ArchivePage(String lang, String otherLang, Texts t, Formats f, String orgName, String origin,
    String madeAt, String title, String path, List<Listed> articles, @Nullable Shown article,
    @Nullable Gone gone, @Nullable String notice, long logSize) {

  /** An article in the list: its title in the page's language where it exists. */
  public record Listed(String id, String language, String title, String publishedAt) {}

  /** One language version with its earlier revisions; html is already sanitised. */
  public record Shown(String id, String language, String title, String html, String publishedAt, int revision,
      @Nullable String aiModel, @Nullable String correctionReason, String correctionNote, @Nullable String correctedAt,
      List<String> otherLanguages, boolean otherLanguageOnly, List<Revision> revisions) {

    public String dir() {
      return "ar".equals(language) ? "rtl" : "ltr";
    }
  }

  public record Revision(int revision, String title, String html, String publishedAt, @Nullable String correctionReason) {}

  /** A withdrawn article: the reason's code, the editor's note for readers, when. */
  public record Gone(String reason, String note, String at) {}

  public String dir() {
    return "ar".equals(lang) ? "rtl" : "ltr";
  }
}
