package org.commune.members;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for TOTP recovery codes (stored as SHA-256; each works once). */
@Repository
class RecoveryCodeRepository {

  private final JdbcClient jdbc;

  RecoveryCodeRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void replace(MemberId member, List<byte[]> hashes) {
    jdbc.sql("DELETE FROM recovery_code WHERE member_id = :m").param("m", member.value()).update();
    for (byte[] hash : hashes) {
      jdbc.sql("INSERT INTO recovery_code (member_id, code_hash) VALUES (:m, :h)")
          .param("m", member.value())
          .param("h", hash)
          .update();
    }
  }

  /** Uses a code; false when it is unknown or was used already. */
  boolean use(MemberId member, byte[] hash) {
    return jdbc.sql(
                "UPDATE recovery_code SET used_at = now() WHERE member_id = :m AND code_hash = :h AND used_at IS NULL")
            .param("m", member.value())
            .param("h", hash)
            .update()
        == 1;
  }

  int remaining(MemberId member) {
    return jdbc.sql("SELECT count(*) FROM recovery_code WHERE member_id = :m AND used_at IS NULL")
        .param("m", member.value())
        .query(Integer.class)
        .single();
  }

  void deleteAll(MemberId member) {
    jdbc.sql("DELETE FROM recovery_code WHERE member_id = :m").param("m", member.value()).update();
  }
}
