package org.commune.web;

/** Implemented by the signed-in principal so that pages use the member's own language. */
public interface PreferredLanguage {
  String language();
}
