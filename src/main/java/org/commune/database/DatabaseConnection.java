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
 * set, to a running instance's embedded server when one is running on the data directory, or to an
 * embedded server started just for the command.
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
    if (Files.exists(dataDirectory.portFile())) {
      int port = Integer.parseInt(Files.readString(dataDirectory.portFile()).strip());
      String running = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
      try (Connection probe = DriverManager.getConnection(running)) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(running);
        return new DatabaseConnection(ds, null);
      } catch (SQLException notRunning) {
        // A port file from a run that ended without cleaning up: start our own server below.
      }
    }
    EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory);
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(database.jdbcUrl());
    return new DatabaseConnection(ds, database);
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
