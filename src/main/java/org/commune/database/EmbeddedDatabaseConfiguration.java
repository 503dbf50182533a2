package org.commune.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Uses the embedded PostgreSQL unless {@code spring.datasource.url} names an external server. */
@Configuration(proxyBeanMethods = false)
class EmbeddedDatabaseConfiguration {

  @Bean
  DataDirectory dataDirectory(Environment environment) {
    return new DataDirectory(Path.of(environment.getProperty(DataDirectory.PROPERTY, "data")));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
  EmbeddedDatabase embeddedDatabase(DataDirectory dataDirectory, Environment environment) {
    EmbeddedDatabase database = EmbeddedDatabase.startOrJoin(dataDirectory);
    Duration giveUpAfter = environment.getProperty("commune.db.restart-timeout", Duration.class, Duration.ofSeconds(60));
    database.supervise(giveUpAfter, () -> {
      System.err.println("Commune stops: its embedded PostgreSQL died and could not be restarted in "
          + dataDirectory.postgres() + ". See the log above; start Commune again (a service manager does this).");
      // From another thread: exiting runs the shutdown hooks, which stop the application cleanly.
      Thread.ofPlatform().name("commune-exit").start(() -> System.exit(1));
    });
    return database;
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
  DataSource dataSource(EmbeddedDatabase database, Environment environment) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername("postgres");
    config.setPoolName("commune");
    config.setMaximumPoolSize(environment.getProperty("commune.db.pool-size", Integer.class, 20));
    // A request waits a few seconds for a connection at most, never a minute: a database that does
    // not answer gives a quick "database unavailable" page instead of a hung request.
    config.setConnectionTimeout(
        environment.getProperty("commune.db.connection-timeout", Duration.class, Duration.ofSeconds(5)).toMillis());
    config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
    GuardedDataSource dataSource = new GuardedDataSource(config, database);
    database.onRestart(dataSource::dropConnections);
    return dataSource;
  }

  /** DOWN from the moment the embedded server is seen dead until it runs again. */
  @Bean
  @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
  HealthIndicator embeddedDatabaseHealthIndicator(EmbeddedDatabase database) {
    return () -> database.available() ? Health.up().build() : Health.down().withDetail("restarting", true).build();
  }

  /**
   * The pool, refusing at once while the embedded server is known to be down: without this every
   * query would wait the full connection timeout, and a page making several would wait several times.
   */
  static final class GuardedDataSource extends HikariDataSource {

    private final EmbeddedDatabase database;

    GuardedDataSource(HikariConfig config, EmbeddedDatabase database) {
      super(config);
      this.database = database;
    }

    @Override
    public Connection getConnection() throws SQLException {
      refuseWhileDown();
      return super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      refuseWhileDown();
      return super.getConnection(username, password);
    }

    private void refuseWhileDown() throws SQLTransientConnectionException {
      if (!database.available()) {
        // SQLSTATE 08001: the connection could not be made (what a client would see from a stopped server).
        throw new SQLTransientConnectionException("The embedded database is restarting", "08001");
      }
    }

    /** Connections to the dead server are useless: drop the idle ones now rather than on next use. */
    void dropConnections() {
      var pool = getHikariPoolMXBean();
      if (pool != null) {
        pool.softEvictConnections();
      }
    }
  }
}
