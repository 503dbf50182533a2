package org.commune.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Where the modules' migrations live: every folder {@code db/migration/<module>/} on the class path,
 * found, not listed, so a new module brings its folder and nothing central changes. The server at start
 * and the restore command use the same folders, so the two can never build different schemas. Versions
 * are timestamps (V20261127_0700__…) so that modules can add migrations without colliding; a committed
 * migration never changes ({@code MigrationChecksumsTest}).
 */
@Component
public class Migrations implements FlywayConfigurationCustomizer {

  static final String ROOT = "db/migration/";

  @Override
  public void customize(FluentConfiguration configuration) {
    configuration.locations(locations());
  }

  /** The same migrations the server runs, for the offline commands and benchmarks. */
  public static Flyway flyway(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource).locations(locations()).load();
  }

  /** The migrations up to and including {@code version}: the schema of the release that made a backup. */
  static Flyway flyway(DataSource dataSource, String version) {
    return Flyway.configure().dataSource(dataSource).locations(locations()).target(version).load();
  }

  /**
   * One Flyway location per module folder. Each folder stays its own location (not one location for
   * all), so the script names Flyway records are those of earlier releases.
   */
  public static String[] locations() {
    try {
      TreeSet<String> folders = new TreeSet<>();
      for (Resource script : new PathMatchingResourcePatternResolver().getResources("classpath*:" + ROOT + "*/*.sql")) {
        String url = script.getURL().toString();
        String folder = url.substring(0, url.lastIndexOf('/'));
        folders.add("classpath:" + ROOT + folder.substring(folder.lastIndexOf('/') + 1));
      }
      if (folders.isEmpty()) {
        throw new IllegalStateException("no migrations under classpath:" + ROOT);
      }
      return folders.toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
