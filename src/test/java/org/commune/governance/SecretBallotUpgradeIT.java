package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.commune.database.DataDirectory;
import org.commune.database.EmbeddedDatabase;
import org.commune.database.Migrations;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database from the release before sealed ballots: secret ballots were written with their voter in one
 * transaction, in cast order. The upgrade rewrites them in a random order, so the link an attacker had
 * (same xmin, same position) is gone, and open votes keep every ballot.
 */
class SecretBallotUpgradeIT {

  @Test
  void theUpgradeUnlinksSecretBallotsStoredByThePreviousRelease() throws Exception {
    Path dir = Files.createDirectories(Path.of("target/it-upgrade", UUID.randomUUID().toString()));
    try (EmbeddedDatabase database = EmbeddedDatabase.start(new DataDirectory(dir))) {
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL(database.jdbcUrl());
      DataSource data = source;
      JdbcClient jdbc = JdbcClient.create(data);
      Flyway.configure().dataSource(data).locations(migrationLocations()).target("20261127.1200").load().migrate();

      UUID proposal = UUID.randomUUID();
      jdbc.sql("INSERT INTO proposal (id, title, body, method, author, phase, eligible, tie_seed, opened_at, closes_at, "
              + "secret) VALUES (:id, 'Old secret vote', '', 'majority', :author, 'voting', 30, 1, now(), "
              + "now() + interval '3 days', true)")
          .param("id", proposal).param("author", UUID.randomUUID()).update();
      TransactionTemplate inTransaction = new TransactionTemplate(new DataSourceTransactionManager(data));
      Map<UUID, String> truth = new HashMap<>();
      for (int i = 0; i < 30; i++) {
        UUID voter = UUID.randomUUID();
        String receipt = String.format("%064x", i * 7919L + 11);
        truth.put(voter, receipt);
        inTransaction.executeWithoutResult(status -> {
          jdbc.sql("INSERT INTO secret_voter (proposal_id, voter) VALUES (:p, :v)").param("p", proposal)
              .param("v", voter).update();
          jdbc.sql("INSERT INTO secret_ballot (proposal_id, receipt, content) VALUES (:p, :r, '{\"choice\":\"yes\"}')")
              .param("p", proposal).param("r", receipt).update();
        });
      }
      assertThat(linkedBy(jdbc, "xmin", truth)).as("the previous release's link").isEqualTo(30);

      Flyway.configure().dataSource(data).locations(migrationLocations()).load().migrate();
      assertThat(jdbc.sql("SELECT count(*) FROM secret_ballot WHERE proposal_id = :p").param("p", proposal)
          .query(Long.class).single()).isEqualTo(30);
      assertThat(linkedBy(jdbc, "xmin", truth)).isZero();
      assertThat(linkedBy(jdbc, "physical", truth)).as("row order").isLessThanOrEqualTo(8);
      assertThat(jdbc.sql("SELECT electorate_fixed FROM proposal WHERE id = :p").param("p", proposal)
          .query(Boolean.class).single()).isFalse();
    }
  }

  /** Voters paired with ballots by the same xmin (unique) or by the same position in physical order. */
  private static int linkedBy(JdbcClient jdbc, String how, Map<UUID, String> truth) {
    List<String[]> voters = new ArrayList<>();
    jdbc.sql("SELECT voter::text, xmin::text FROM secret_voter").query(rs -> {
      voters.add(new String[] {rs.getString(1), rs.getString(2)});
    });
    List<String[]> ballots = new ArrayList<>();
    jdbc.sql("SELECT receipt, xmin::text FROM secret_ballot").query(rs -> {
      ballots.add(new String[] {rs.getString(1), rs.getString(2)});
    });
    int correct = 0;
    for (int i = 0; i < voters.size(); i++) {
      String[] voter = voters.get(i);
      String guess = null;
      if (how.equals("xmin")) {
        List<String[]> same = ballots.stream().filter(b -> b[1].equals(voter[1])).toList();
        guess = same.size() == 1 ? same.get(0)[0] : null;
      } else if (i < ballots.size()) {
        guess = ballots.get(i)[0];
      }
      correct += truth.get(UUID.fromString(voter[0])).equals(guess) ? 1 : 0;
    }
    return correct;
  }

  private static String[] migrationLocations() {
    return Migrations.locations();
  }
}
