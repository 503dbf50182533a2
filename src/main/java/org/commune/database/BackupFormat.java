package org.commune.database;

/**
 * The backup file: a zip holding {@code manifest.properties} (format, schema version, tables in
 * restore order, sequence values), one {@code tables/<name>.copy} per table in PostgreSQL's binary
 * COPY format, and the data directory's {@code keys/}. Logical, so it restores into any PostgreSQL
 * 17 — embedded or external — and can be taken while Commune runs.
 */
final class BackupFormat {

  static final String FORMAT = "commune-backup-1";
  static final String MANIFEST = "manifest.properties";
  static final String TABLES = "tables/";
  static final String KEYS = "keys/";

  /** Tables Flyway owns: recreated by the migrations on restore, never copied. */
  static final String SCHEMA_HISTORY = "flyway_schema_history";

  private BackupFormat() {}
}
