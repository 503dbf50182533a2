package org.commune.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Where each module's migrations live. One list, used by the server at start and by the restore
 * command, so the two can never build different schemas. Versions are timestamps
 * (V20261127_0700__…) so that modules can add migrations without colliding.
 */
@Component
public class Migrations implements FlywayConfigurationCustomizer {

  static final String[] LOCATIONS = {
    "classpath:db/migration/events", "classpath:db/migration/members", "classpath:db/migration/transparency",
    "classpath:db/migration/governance", "classpath:db/migration/ai", "classpath:db/migration/publishing"
  };

  @Override
  public void customize(FluentConfiguration configuration) {
    configuration.locations(LOCATIONS);
  }

  /** The same migrations the server runs, for the offline commands and benchmarks. */
  public static Flyway flyway(javax.sql.DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource).locations(LOCATIONS).load();
  }
}
