package org.commune.federation.move;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hand-over entry carries addresses and a key fingerprint, and nothing that only looks like them. */
class MoveFactsTest {

  private static final String FINGERPRINT = "0a:1b:2c:3d:4e:5f:60:71:82:93:a4:b5:c6:d7:e8:f9";

  @Test
  void addressesAndTheFingerprintArePublished() {
    ActorMoved moved = new ActorMoved(UUID.randomUUID(), Instant.EPOCH, "https://old.example/actors/org",
        "https://new.example/actors/org", FINGERPRINT);
    assertThat(moved.facts()).containsEntry("old_actor", "https://old.example/actors/org")
        .containsEntry("new_actor", "https://new.example/actors/org").containsEntry("log_key", FINGERPRINT);
  }

  @Test
  void anythingElseIsLeftOut() {
    for (String text : new String[] {"Yousef Canaryhaddad", "yousef@example.org", "https://old.example/a?who=Yousef",
        "https://user:secret@old.example/actors/org", "https://old.example/actors/org#Yousef", "javascript:alert(1)",
        "https://old.example/actors/Yousef Canaryhaddad"}) {
      ActorMoved moved = new ActorMoved(UUID.randomUUID(), Instant.EPOCH, text, text, text);
      assertThat(moved.facts()).as(text).isEmpty();
      assertThat(new AliasDeclared(UUID.randomUUID(), Instant.EPOCH, text).facts()).as(text).isEmpty();
    }
  }
}
