/**
 * Survival: allied Communes adopted by the members' vote, verifiable mirrors of each ally's public content
 * and log, and witnesses that cosign each other's log checkpoints (docs/survival.md).
 *
 * <p>When this organisation adopts an ally, it mirrors the ally's signed articles and its transparency log
 * (checked against the keys pinned at adoption), serves them under {@code /mirrors/{host}} so they stay
 * readable when the ally is gone, and cosigns each checkpoint that extends the last one it cosigned. The
 * origin side of the same promise: every Commune exports its articles signed with the actor key, and
 * stores cosignatures of its own log from the allies it adopted.
 */
@NullMarked
package org.commune.federation.survival;

import org.jspecify.annotations.NullMarked;
