package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.WithdrawalReason;
import org.commune.web.Form;

/** The form to withdraw a published article (every language of it), naming the article it withdraws. */
public record WithdrawalPage(ArticleVersion article, Form form) {

  public List<WithdrawalReason> reasons() {
    return List.of(WithdrawalReason.values());
  }
}
