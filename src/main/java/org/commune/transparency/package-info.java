/**
 * The public, tamper-evident log. Every module's public events become entries (leaves of an RFC 9162
 * Merkle tree); each append is sealed by a checkpoint (tree size + root hash) signed with the
 * instance's Ed25519 key. Anyone can fetch entries, checkpoints, inclusion and consistency proofs,
 * and the verifier command checks them all.
 *
 * <p>Knows no feature module: every event that implements {@link org.commune.transparency.PublicFact}
 * becomes an entry, whichever module publishes it. Publishes nothing. Never holds personal data: members
 * appear as keyed pseudonyms ({@link org.commune.transparency.PublicIds}), member-written text not at all. The
 * server keeps its last signed checkpoint outside the database and refuses to sign a tree that does not extend it.
 */
@ApplicationModule(allowedDependencies = {"database", "web"})
@NullMarked
package org.commune.transparency;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
