package org.commune.web;

/** The language pages use for a visitor who has chosen none: the organisation's default. */
@FunctionalInterface
public interface DefaultLanguage {
  String get();
}
