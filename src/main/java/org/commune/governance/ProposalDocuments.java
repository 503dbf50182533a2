package org.commune.governance;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a proposal of a type another module acts on (the AI charter) puts to the vote, as members
 * read it before voting: its structured clauses compared with what is in force, and the hash of
 * exactly what is adopted if it passes. The module that acts on the type implements it; governance
 * only shows it, so it needs no dependency on that module.
 */
public interface ProposalDocuments {

  /** The document of a proposal of {@code type} with {@code payload}, in {@code locale}; empty for other types. */
  Optional<Document> describe(DecisionType type, String payload, Locale locale);

  /**
   * @param sha256 the SHA-256 of exactly what is adopted if the vote passes (also in the public log)
   * @param inForce a line naming what is in force now (e.g. "version 3"), or "" when nothing is
   */
  record Document(String sha256, String inForce, List<Clause> clauses) {}

  /**
   * One clause, already in the reader's language.
   *
   * @param change "added", "removed", "changed" or "same", compared with what is in force
   * @param value the proposed value ("" when removed)
   * @param before the value in force ("" when added)
   */
  record Clause(String change, String label, String value, String before) {}
}
