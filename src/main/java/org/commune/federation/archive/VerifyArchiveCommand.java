package org.commune.federation.archive;

import java.io.PrintStream;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./commune verify-archive FILE [--key FINGERPRINT]}: checks an archive offline. Exit 0 when everything
 * verifies, 1 with one line saying why when it does not, 2 on a usage error.
 */
public final class VerifyArchiveCommand {

  static final String USAGE = "Usage: commune verify-archive <file> [--key FINGERPRINT]";

  private VerifyArchiveCommand() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    @Nullable String file = null;
    @Nullable String key = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--key") && i + 1 < args.length) {
        key = args[++i];
      } else if (!args[i].startsWith("--") && file == null) {
        file = args[i];
      } else {
        err.println(USAGE);
        return 2;
      }
    }
    if (file == null) {
      err.println(USAGE);
      return 2;
    }
    try {
      ArchiveVerifier.Verified verified = ArchiveVerifier.verify(Archive.read(CallerPath.of(file)), key);
      out.println("Archive of " + verified.manifest().origin() + " made " + verified.manifest().createdAt());
      out.println("Signed by the actor key " + verified.fingerprint()
          + (key == null ? " (compare it with the one your organisation published, or pin it with --key)" : " (as expected)"));
      out.println("OK: " + verified.manifest().files().size() + " files match the manifest; log " + verified.report().describe());
      return 0;
    } catch (ArchiveRefused refused) {
      out.println("FAILED: " + refused.getMessage());
      return 1;
    }
  }

}
