/**
 * Counting methods, each a small pure class with no Spring and no database: given options and
 * ballots, they return the result with every round, stage or matrix that produced it, so that a
 * result page can show the count and anyone can recount it.
 */
@NamedInterface("counting")
@NullMarked
package org.commune.governance.counting;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
