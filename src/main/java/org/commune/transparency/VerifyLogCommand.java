package org.commune.transparency;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./commune verify-log <base-url> [--state FILE | --no-state] [--key BASE64] [--proofs N]}:
 * downloads a Commune log and checks every entry, checkpoint and signature, and N of the server's
 * proofs of each kind. Exit code 0 when the log verifies, 1 when it does not, 2 on a usage error.
 *
 * <p>State is kept by default (see {@link KnownLogs}): the first run trusts the log's key and
 * checkpoint on first use and says so loudly; later runs fail loudly when the key changed or the log
 * no longer extends what was verified before. The cosignatures the server lists are checked against
 * the witness keys it names and printed; {@code --witness URL} (repeatable) fetches the checkpoints that
 * witness cosigned for this log and fails with "forked or rewritten log" when the log does not extend them.
 */
public final class VerifyLogCommand {

  private static final String USAGE =
      "Usage: commune verify-log <base-url> [--state FILE | --no-state] [--key BASE64] [--proofs N] [--witness URL]...";

  private VerifyLogCommand() {}

  public static int run(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println(USAGE);
      return 2;
    }
    String url = args[0];
    Path state = KnownLogs.defaultFile();
    boolean keepState = true;
    byte[] key = null;
    int proofs = 1000;
    List<String> witnesses = new ArrayList<>();
    try {
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--state" -> state = Path.of(args[++i]);
          case "--no-state" -> keepState = false;
          case "--key" -> key = Base64.getDecoder().decode(args[++i]);
          case "--proofs" -> proofs = Integer.parseInt(args[++i]);
          case "--witness" -> witnesses.add(args[++i]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (RuntimeException e) {
      System.err.println(USAGE + " (" + e.getMessage() + ")");
      return 2;
    }
    try {
      long started = System.nanoTime();
      HttpLogSource source = new HttpLogSource(url);
      byte[] serverKey = source.publicKey();
      System.out.println("Verifying " + url + " — public key " + LogSignatures.fingerprint(serverKey));
      KnownLogs known = new KnownLogs(state);
      List<LogVerifier.Remembered> earlier = new ArrayList<>();
      Optional<KnownLogs.Known> before = keepState ? known.find(url) : Optional.empty();
      if (!keepState) {
        System.out.println("WARNING: --no-state: nothing is remembered, so a log rewritten and re-signed since an"
            + " earlier check cannot be detected.");
      } else if (before.isEmpty()) {
        System.out.println("WARNING: first use: no earlier record of this log in " + known.file() + ". Trusting its key "
            + LogSignatures.fingerprint(serverKey) + " and its current checkpoint on first use; compare the key's"
            + " fingerprint with the one your organisation published.");
      } else {
        KnownLogs.Known k = before.get();
        if (!Arrays.equals(k.publicKey(), serverKey) && key == null) {
          System.out.println("FAILED: THE LOG'S SIGNING KEY CHANGED since the last check (was "
              + LogSignatures.fingerprint(k.publicKey()) + ", now " + LogSignatures.fingerprint(serverKey)
              + "). Kind: " + Tampering.KEY_CHANGED.name() + ". If the organisation announced a new key, remove the"
              + " line for " + k.url() + " from " + known.file() + " and check again.");
          return 1;
        }
        earlier.add(new LogVerifier.Remembered(k.treeSize(), k.rootHash(), k.leafHashes()));
        System.out.println("Known log: last verified checkpoint covers " + k.treeSize() + " entries (" + known.file()
            + ")");
      }
      int invalidCosignatures = Witnesses.printListed(source, url, serverKey);
      List<LogVerifier.Remembered> cosigned = new ArrayList<>();
      for (String witness : witnesses) {
        cosigned.addAll(Witnesses.cosignedBy(source, witness, Witnesses.originHost(url), serverKey));
      }
      List<LogVerifier.Remembered> all = new ArrayList<>(earlier);
      all.addAll(cosigned);
      LogVerifier verifier = new LogVerifier(source, proofs);
      VerificationReport report = verifier.verifyAgainst(key, all);
      if (!report.ok() && !cosigned.isEmpty() && new LogVerifier(source, 0).verifyAgainst(key, earlier).ok()) {
        // The log is whole on its own but does not extend what a witness cosigned: shown rewritten or forked.
        System.out.println("FAILED: FORKED OR REWRITTEN LOG: the log served at " + url + " does not extend a checkpoint"
            + " its witness cosigned (" + report.message() + "). Keep this output: it is evidence.");
        return 1;
      }
      System.out.println(report.describe());
      if (report.ok() && invalidCosignatures > 0) {
        System.out.println("WARNING: " + invalidCosignatures + " listed cosignatures do not verify.");
      }
      System.out.printf("Took %.2f s%n", (System.nanoTime() - started) / 1e9);
      if (report.ok() && keepState && verifier.verifiedLatest().isPresent()) {
        known.remember(url, serverKey, verifier.verifiedLatest().get(), verifier.verifiedLeafHashes());
      }
      return report.ok() ? 0 : 1;
    } catch (RuntimeException | IOException e) {
      System.out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }
}
