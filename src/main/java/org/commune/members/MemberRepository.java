package org.commune.members;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commune.database.InstanceKeys;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the member table. */
@Repository
class MemberRepository {

  private static final String COLUMNS =
      "id, username, display_name, email, password_hash, role, language, totp_secret, totp_secret_sealed, totp_enabled, joined_at, time_zone";

  /** Key purpose under which TOTP secrets are sealed at rest. */
  static final String TOTP_PURPOSE = "totp";

  private final JdbcClient jdbc;
  private final InstanceKeys keys;

  MemberRepository(JdbcClient jdbc, InstanceKeys keys) {
    this.jdbc = jdbc;
    this.keys = keys;
  }

  void insert(MemberRecord member) {
    jdbc.sql(
            """
            INSERT INTO member (id, username, display_name, email, password_hash, role, language)
            VALUES (:id, :username, :displayName, :email, :passwordHash, :role, :language)
            """)
        .param("id", member.id().value())
        .param("username", member.username())
        .param("displayName", member.displayName())
        .param("email", member.email())
        .param("passwordHash", member.passwordHash())
        .param("role", member.role().code())
        .param("language", member.language())
        .update();
  }

  boolean usernameTaken(String username) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM member WHERE username = :u)")
        .param("u", username)
        .query(Boolean.class)
        .single();
  }

  Optional<MemberRecord> findById(MemberId id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM member WHERE id = :id")
        .param("id", id.value())
        .query(this::map)
        .optional();
  }

  Optional<MemberRecord> findByUsername(String username) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM member WHERE username = :u")
        .param("u", username)
        .query(this::map)
        .optional();
  }

  List<MemberRecord> findByEmail(String email) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM member WHERE lower(email) = lower(:e)")
        .param("e", email)
        .query(this::map)
        .list();
  }

  List<MemberRecord> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM member ORDER BY lower(display_name), username")
        .query(this::map)
        .list();
  }

  /** How many members there are, and how many opened their home page in the last month and half year. */
  MemberCounts counts(Instant now) {
    return jdbc.sql("""
            SELECT count(*), count(*) FILTER (WHERE home_seen_at >= :month),
              count(*) FILTER (WHERE home_seen_at >= :halfyear) FROM member""")
        .param("month", Timestamp.from(now.minus(Duration.ofDays(30))))
        .param("halfyear", Timestamp.from(now.minus(Duration.ofDays(180))))
        .query((rs, n) -> new MemberCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
  }

  /** Counts members with the role, locking their rows so that two demotions cannot race. */
  long countWithRole(Role role) {
    return jdbc.sql("SELECT count(*) FROM (SELECT id FROM member WHERE role = :r FOR UPDATE) locked").param("r", role.code()).query(Long.class).single();
  }

  Map<UUID, String> displayNames(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return jdbc.sql("SELECT id, display_name FROM member WHERE id IN (:ids)")
        .param("ids", ids)
        .query((rs, n) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("display_name")))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  void updateRole(MemberId id, Role role) {
    jdbc.sql("UPDATE member SET role = :r, version = version + 1 WHERE id = :id")
        .param("r", role.code())
        .param("id", id.value())
        .update();
  }

  void updatePassword(MemberId id, String hash) {
    jdbc.sql("UPDATE member SET password_hash = :h, version = version + 1 WHERE id = :id")
        .param("h", hash)
        .param("id", id.value())
        .update();
  }

  /**
   * Records a home-page view at {@code now} and returns where "since your last visit" starts: a view an
   * hour or more after the previous one begins a new visit, whose "new" starts at that previous view.
   * The view is written at most once a minute (the hour's gap needs no finer clock), so a member who
   * reloads costs a read, not a write and its flush. One statement, so two tabs opening at once agree.
   */
  Optional<Instant> visitHome(MemberId id, Instant now) {
    return jdbc.sql("""
            WITH touched AS (
              UPDATE member SET
                home_visit_from = CASE WHEN home_seen_at IS NULL OR home_seen_at <= :gap THEN home_seen_at
                                       ELSE home_visit_from END,
                home_seen_at = :now
              WHERE id = :id AND (home_seen_at IS NULL OR home_seen_at <= :minute)
              RETURNING home_visit_from)
            SELECT home_visit_from FROM touched
            UNION ALL
            SELECT home_visit_from FROM member WHERE id = :id AND NOT EXISTS (SELECT 1 FROM touched)
            """)
        .param("gap", Timestamp.from(now.minus(Duration.ofHours(1))))
        .param("minute", Timestamp.from(now.minus(Duration.ofMinutes(1))))
        .param("now", Timestamp.from(now)).param("id", id.value())
        .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant)).optional()
        .flatMap(x -> x);
  }

  void updateProfile(MemberId id, String displayName, String language, @Nullable String timeZone) {
    jdbc.sql("UPDATE member SET display_name = :d, language = :l, time_zone = :z, version = version + 1 WHERE id = :id")
        .param("d", displayName).param("l", language).param("z", timeZone).param("id", id.value())
        .update();
  }

  void updateEmail(MemberId id, @Nullable String email) {
    jdbc.sql("UPDATE member SET email = :e, version = version + 1 WHERE id = :id")
        .param("e", email).param("id", id.value()).update();
  }

  void updateLanguage(MemberId id, String language) {
    jdbc.sql("UPDATE member SET language = :l WHERE id = :id").param("l", language).param("id", id.value()).update();
  }

  void storePendingTotpSecret(MemberId id, byte[] secret) {
    jdbc.sql("UPDATE member SET totp_secret = :s, totp_secret_sealed = true, totp_enabled = false WHERE id = :id")
        .param("s", keys.encrypt(TOTP_PURPOSE, secret))
        .param("id", id.value())
        .update();
  }

  void enableTotp(MemberId id) {
    jdbc.sql("UPDATE member SET totp_enabled = true WHERE id = :id AND totp_secret IS NOT NULL")
        .param("id", id.value())
        .update();
  }

  void disableTotp(MemberId id) {
    jdbc.sql("UPDATE member SET totp_enabled = false, totp_secret = NULL, totp_secret_sealed = false WHERE id = :id")
        .param("id", id.value())
        .update();
  }

  /**
   * Seals the TOTP secrets that an earlier release stored in plain form; returns how many. Run at
   * every start, so a data directory from before sealing is converted before anyone signs in.
   */
  int sealPlainTotpSecrets() {
    List<Map.Entry<UUID, byte[]>> plain =
        jdbc.sql("SELECT id, totp_secret FROM member WHERE totp_secret IS NOT NULL AND NOT totp_secret_sealed FOR UPDATE")
            .query((rs, n) -> Map.entry(rs.getObject("id", UUID.class), rs.getBytes("totp_secret")))
            .list();
    for (Map.Entry<UUID, byte[]> row : plain) {
      jdbc.sql("UPDATE member SET totp_secret = :s, totp_secret_sealed = true WHERE id = :id AND NOT totp_secret_sealed")
          .param("s", keys.encrypt(TOTP_PURPOSE, row.getValue()))
          .param("id", row.getKey())
          .update();
    }
    return plain.size();
  }

  /** Records the TOTP time step just used; false when it (or a later one) was used before: a replay. */
  boolean useTotpStep(MemberId id, long step) {
    return jdbc.sql("UPDATE member SET totp_last_step = :s WHERE id = :id AND totp_last_step < :s")
            .param("s", step)
            .param("id", id.value())
            .update()
        == 1;
  }

  /** Deletes the member and their passkeys; group memberships and codes go by cascade. */
  void delete(MemberRecord member) {
    jdbc.sql("DELETE FROM user_entities WHERE name = :u").param("u", member.username()).update();
    jdbc.sql("DELETE FROM member WHERE id = :id").param("id", member.id().value()).update();
  }

  private MemberRecord map(ResultSet rs, int row) throws SQLException {
    byte[] secret = rs.getBytes("totp_secret");
    if (secret != null && rs.getBoolean("totp_secret_sealed")) {
      secret = keys.decrypt(TOTP_PURPOSE, secret);
    }
    return new MemberRecord(
        new MemberId(rs.getObject("id", UUID.class)),
        rs.getString("username"),
        rs.getString("display_name"),
        rs.getString("email"),
        rs.getString("password_hash"),
        Role.fromCode(rs.getString("role")).orElseThrow(),
        rs.getString("language"),
        secret,
        rs.getBoolean("totp_enabled"),
        rs.getTimestamp("joined_at").toInstant(),
        rs.getString("time_zone"));
  }
}
