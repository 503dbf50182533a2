package org.commune.governance;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the proposals list is narrowed to: a phase, a group, whether the viewer has voted (their own
 * ballot only). Null means "any".
 */
public record ProposalFilter(@Nullable ProposalPhase phase, @Nullable UUID group, @Nullable Boolean voted) {

  public static final ProposalFilter ANY = new ProposalFilter(null, null, null);
}
