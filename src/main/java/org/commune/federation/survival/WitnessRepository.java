package org.commune.federation.survival;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Witnessing, both ways: what this Commune cosigned of its allies' logs and the alerts it raised
 * (federation_witness_*), and the cosignatures of its own log received from allies (federation_cosignature).
 */
@Repository
class WitnessRepository {

  private final JdbcClient jdbc;

  WitnessRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A checkpoint of some log cosigned by someone; {@code host} is the ally (origin or witness). */
  record Cosigned(String host, long treeSize, byte[] rootHash, long time, byte[] signature, boolean delivered) {}

  record Alert(UUID id, String host, String kind, String detail, @Nullable String cosigned, @Nullable String served,
      Instant raisedAt) {}

  void cosigned(String host, long treeSize, byte[] root, long time, byte[] signature) {
    jdbc.sql("""
        INSERT INTO federation_witness_cosigned (host, tree_size, root_hash, cosigned_at, signature)
        VALUES (:host, :size, :root, :time, :signature) ON CONFLICT DO NOTHING
        """).param("host", host).param("size", treeSize).param("root", root).param("time", time)
        .param("signature", signature).update();
  }

  void delivered(String host, long treeSize) {
    jdbc.sql("UPDATE federation_witness_cosigned SET delivered = true WHERE host = :host AND tree_size = :size")
        .param("host", host).param("size", treeSize).update();
  }

  Optional<Cosigned> lastCosigned(String host) {
    return jdbc.sql("SELECT * FROM federation_witness_cosigned WHERE host = :host ORDER BY tree_size DESC LIMIT 1")
        .param("host", host).query(WitnessRepository::cosignedRow).optional();
  }

  List<Cosigned> cosignedOf(String host, int count) {
    return jdbc.sql("SELECT * FROM federation_witness_cosigned WHERE host = :host ORDER BY tree_size DESC LIMIT :n")
        .param("host", host).param("n", count).query(WitnessRepository::cosignedRow).list();
  }

  void alert(String host, String kind, String detail, @Nullable String cosigned, @Nullable String served, Instant at) {
    jdbc.sql("""
        INSERT INTO federation_witness_alert (id, host, kind, detail, cosigned, served, raised_at)
        VALUES (:id, :host, :kind, :detail, :cosigned, :served, :at)
        """).param("id", UUID.randomUUID()).param("host", host).param("kind", kind)
        .param("detail", detail.length() > 2000 ? detail.substring(0, 2000) : detail)
        .param("cosigned", cosigned).param("served", served).param("at", Timestamp.from(at)).update();
  }

  List<Alert> alerts(String host) {
    return jdbc.sql("SELECT * FROM federation_witness_alert WHERE host = :host ORDER BY raised_at DESC LIMIT 50")
        .param("host", host).query((rs, n) -> new Alert(rs.getObject("id", UUID.class), rs.getString("host"),
            rs.getString("kind"), rs.getString("detail"), rs.getString("cosigned"), rs.getString("served"),
            rs.getTimestamp("raised_at").toInstant())).list();
  }

  /** Origin side: a cosignature of this Commune's own checkpoint by an ally (the newest per size wins). */
  void received(String witness, long treeSize, byte[] root, long time, byte[] signature, Instant at) {
    jdbc.sql("""
        INSERT INTO federation_cosignature (witness, tree_size, root_hash, cosigned_at, signature, received_at)
        VALUES (:witness, :size, :root, :time, :signature, :at)
        ON CONFLICT (witness, tree_size) DO UPDATE SET root_hash = excluded.root_hash, cosigned_at = excluded.cosigned_at,
          signature = excluded.signature, received_at = excluded.received_at
        """).param("witness", witness).param("size", treeSize).param("root", root).param("time", time)
        .param("signature", signature).param("at", Timestamp.from(at)).update();
  }

  /** Origin side: the newest cosignatures received, each witness's latest first. */
  List<Cosigned> received(int count) {
    return jdbc.sql("""
        SELECT witness AS host, tree_size, root_hash, cosigned_at, signature, true AS delivered
        FROM federation_cosignature ORDER BY tree_size DESC, witness LIMIT :n
        """).param("n", count).query(WitnessRepository::cosignedRow).list();
  }

  private static Cosigned cosignedRow(ResultSet rs, int n) throws SQLException {
    return new Cosigned(rs.getString("host"), rs.getLong("tree_size"), rs.getBytes("root_hash"), rs.getLong("cosigned_at"),
        rs.getBytes("signature"), rs.getBoolean("delivered"));
  }
}
