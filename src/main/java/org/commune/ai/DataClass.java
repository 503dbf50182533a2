package org.commune.ai;

import java.util.Locale;

/** How sensitive the text sent to a model is: published content, members-only content, personal data. */
public enum DataClass {
  PUBLIC, MEMBER, PERSONAL;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
