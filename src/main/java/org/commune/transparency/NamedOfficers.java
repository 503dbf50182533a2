package org.commune.transparency;

import java.time.Instant;
import java.util.UUID;

/**
 * Who acts in public under their name at a given moment: elected officers who agreed (governance's
 * {@code PublicNames} implements it). The log asks it, through this contract, which pseudonym an act
 * gets, so that it depends on no feature module.
 */
public interface NamedOfficers {

  /** Whether this member acted under their name at that moment. */
  boolean namedAt(UUID member, Instant at);
}
