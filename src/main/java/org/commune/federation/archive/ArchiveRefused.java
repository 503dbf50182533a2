package org.commune.federation.archive;

/** An archive that cannot be read or does not verify; the message is the one line a person sees. */
public final class ArchiveRefused extends Exception {

  ArchiveRefused(String reason) {
    super(reason);
  }
}
