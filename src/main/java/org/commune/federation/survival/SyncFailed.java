package org.commune.federation.survival;

/** A sync step that could not go on; {@code code} is the short status shown to stewards and in the mirror. */
final class SyncFailed extends RuntimeException {

  final String code;

  SyncFailed(String code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }
}
