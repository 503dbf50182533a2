package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.CorrectionReason;
import org.commune.web.Form;

/** The form to correct one language version of a published article (prefilled with its current text). */
public record CorrectionPage(ArticleVersion article, Form form) {

  public List<CorrectionReason> reasons() {
    return List.of(CorrectionReason.values());
  }
}
