/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1: leaf and node hashing,
 * inclusion and consistency proofs, and their verification. Pure Java, no Spring: the verifier
 * command and the server share exactly this code.
 */
@NullMarked
package org.commune.transparency.merkle;

import org.jspecify.annotations.NullMarked;
