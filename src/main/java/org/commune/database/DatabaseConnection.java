package org.commune.database;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A connection for the offline commands: to the external PostgreSQL when SPRING_DATASOURCE_URL is
 * set, to a running instance's embedded server when one is running on the data directory (it holds the
 * directory's lock), or to an embedded server started just for the command (which takes the lock
 * while it runs).
 */
final class DatabaseConnection implements AutoCloseable {

  private final DataSource dataSource;
  private final @Nullable EmbeddedDatabase startedHere;

  private DatabaseConnection(DataSource dataSource, @Nullable EmbeddedDatabase startedHere) {
    this.dataSource = dataSource;
    this.startedHere = startedHere;
  }

  static DatabaseConnection open(DataDirectory dataDirectory) throws IOException {
    String url = System.getenv("SPRING_DATASOURCE_URL");
    if (url != null && !url.isBlank()) {
      PGSimpleDataSource external = new PGSimpleDataSource();
      external.setURL(url);
      external.setUser(System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres"));
      String password = System.getenv("SPRING_DATASOURCE_PASSWORD");
      if (password != null) {
        external.setPassword(password);
      }
      return new DatabaseConnection(external, null);
    }
    var lock = DataDirectoryLock.tryAcquire(dataDirectory);
    if (lock.isEmpty()) {
      // A Commune runs on this directory (it holds the lock): use its server, never start a second one.
      return new DatabaseConnection(running(dataDirectory), null);
    }
    try {
      EmbeddedDatabase database = EmbeddedDatabase.start(lock.get(), true);
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(database.jdbcUrl());
      return new DatabaseConnection(ds, database);
    } catch (RuntimeException e) {
      lock.get().close();
      throw e;
    }
  }

  /** The running instance's embedded server, found through the port file it writes. */
  private static DataSource running(DataDirectory dataDirectory) throws IOException {
    String problem = "Commune is running on " + dataDirectory.root() + " but its database does not answer"
        + " (starting or restarting?); try again in a moment";
    if (!Files.exists(dataDirectory.portFile())) {
      throw new IllegalStateException(problem);
    }
    int port = Integer.parseInt(Files.readString(dataDirectory.portFile()).strip());
    String url = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&password="
        + DatabasePassword.of(dataDirectory);
    try (Connection probe = DriverManager.getConnection(url)) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(url);
      return ds;
    } catch (SQLException notRunning) {
      throw new IllegalStateException(problem, notRunning);
    }
  }

  DataSource dataSource() {
    return dataSource;
  }

  Connection connect() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void close() throws IOException {
    if (startedHere != null) {
      startedHere.close();
    }
  }
}
