/**
 * The database Commune runs on: an embedded PostgreSQL whose files live in the data directory
 * (unless a JDBC URL points to an external server), the data directory itself, and the backup and
 * restore commands. Owns no tables; publishes and listens to no events.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.commune.database;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
