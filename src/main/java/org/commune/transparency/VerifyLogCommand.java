package org.commune.transparency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * {@code ./commune verify-log <base-url> [--state FILE] [--key BASE64] [--proofs N]}: downloads a
 * Commune log and checks every entry, checkpoint and signature, and N of the server's proofs of each
 * kind. Exit code 0 when the log verifies, 1 when it does not, 2 on a usage error.
 */
public final class VerifyLogCommand {

  private VerifyLogCommand() {}

  public static int run(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println("Usage: commune verify-log <base-url> [--state FILE] [--key BASE64] [--proofs N]");
      return 2;
    }
    String url = args[0];
    Path state = null;
    byte[] key = null;
    int proofs = 1000;
    try {
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--state" -> state = Path.of(args[++i]);
          case "--key" -> key = Base64.getDecoder().decode(args[++i]);
          case "--proofs" -> proofs = Integer.parseInt(args[++i]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (RuntimeException e) {
      System.err.println("Usage: commune verify-log <base-url> [--state FILE] [--key BASE64] [--proofs N] ("
          + e.getMessage() + ")");
      return 2;
    }
    try {
      long started = System.nanoTime();
      LogSource source = new HttpLogSource(url);
      System.out.println("Verifying " + url + " — public key " + LogSignatures.fingerprint(source.publicKey()));
      LogVerifier.Remembered remembered = state == null ? null : readState(state);
      LogVerifier verifier = new LogVerifier(source, proofs);
      VerificationReport report = verifier.verify(key, remembered);
      System.out.println(report.describe());
      System.out.printf("Took %.2f s%n", (System.nanoTime() - started) / 1e9);
      if (report.ok() && state != null && verifier.verifiedLatest().isPresent()) {
        writeState(state, verifier.verifiedLatest().get());
      }
      return report.ok() ? 0 : 1;
    } catch (RuntimeException | IOException e) {
      System.out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  private static LogVerifier.Remembered readState(Path state) throws IOException {
    if (!Files.exists(state)) {
      return null;
    }
    List<String> lines = Files.readAllLines(state);
    return new LogVerifier.Remembered(Long.parseLong(lines.get(0).strip()), Base64.getDecoder().decode(lines.get(1).strip()));
  }

  private static void writeState(Path state, Checkpoint latest) throws IOException {
    Files.writeString(
        state, latest.treeSize() + "\n" + Base64.getEncoder().encodeToString(latest.rootHash()) + "\n");
  }
}
