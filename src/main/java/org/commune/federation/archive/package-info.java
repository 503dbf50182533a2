/**
 * The signed archive: everything the organisation made public in one ZIP with a manifest signed by its actor
 * key ({@code ./commune archive}, {@code /admin/federation/archive}), checked offline ({@code verify-archive})
 * and re-hosted read-only without a database ({@code serve-archive}). docs/archive.md. Named so that the
 * command dispatch in {@code org.commune.Application} may call its three commands.
 */
@NamedInterface("archive")
@NullMarked
package org.commune.federation.archive;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
