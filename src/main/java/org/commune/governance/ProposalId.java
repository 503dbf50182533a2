package org.commune.governance;

import java.util.UUID;

/** A proposal's identifier. */
public record ProposalId(UUID value) {

  public static ProposalId parse(String text) {
    return new ProposalId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
