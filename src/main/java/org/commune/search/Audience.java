package org.commune.search;

import java.util.Locale;

/** Who may find a document: anyone (visitors too), signed-in members, or one member only (its owner). */
public enum Audience {
  PUBLIC, MEMBERS, OWNER;

  String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
