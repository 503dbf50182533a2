package org.commune.governance.counting.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

/** Files under src/test/resources/counting, in the repository so no test depends on ../shared. */
final class FormatFixtures {

  private FormatFixtures() {}

  static byte[] bytes(String path) throws IOException {
    try (InputStream in = FormatFixtures.class.getResourceAsStream("/counting/" + path)) {
      assertThat(in).as("/counting/" + path + " is in the repository").isNotNull();
      return in.readAllBytes();
    }
  }

  static String text(String path) throws IOException {
    return ImportedBallots.decode(bytes(path));
  }
}
