package org.commune.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceKeysTest {

  @TempDir Path dir;

  @Test
  void keyIsOwnerOnlyStableAndSeparatedByPurpose() throws Exception {
    Path file = dir.resolve("instance.key");
    InstanceKeys keys = new InstanceKeys(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(new InstanceKeys(file).keyedHash("a", "text")).isEqualTo(keys.keyedHash("a", "text"));
    assertThat(keys.keyedHash("b", "text")).isNotEqualTo(keys.keyedHash("a", "text"));
    assertThat(new InstanceKeys(dir.resolve("other.key")).keyedHash("a", "text")).isNotEqualTo(keys.keyedHash("a", "text"));
  }

  @Test
  void sealedValuesOpenOnlyForTheirPurposeAndUnaltered() {
    InstanceKeys keys = new InstanceKeys(dir.resolve("instance.key"));
    byte[] sealed = keys.encrypt("totp", "secret".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(keys.decrypt("totp", sealed), StandardCharsets.UTF_8)).isEqualTo("secret");
    assertThatThrownBy(() -> keys.decrypt("other", sealed)).isInstanceOf(IllegalStateException.class);
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> keys.decrypt("totp", sealed)).isInstanceOf(IllegalStateException.class);
  }
}
