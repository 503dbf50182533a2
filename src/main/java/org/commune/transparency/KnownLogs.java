package org.commune.transparency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.commune.web.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * The verifier's memory, like SSH's known_hosts: one line per log, keyed by its address, holding
 * the public key and the last checkpoint verified ({@code URL KEY SIZE ROOT}), plus, in a file of
 * its own beside it, the leaf hashes of that checkpoint so that a later rewrite is found at its exact
 * index. Without it, a log rewritten and re-signed between two runs looks honest to the second run.
 *
 * <p>Default place: {@code $XDG_CONFIG_HOME/commune/known_logs}, else {@code ~/.config/commune/known_logs}.
 */
final class KnownLogs {

  /** What an earlier run verified for one log. */
  record Known(String url, byte[] publicKey, long treeSize, byte[] rootHash, byte @Nullable [] leafHashes) {}

  private final Path file;

  KnownLogs(Path file) {
    this.file = file;
  }

  static Path defaultFile() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isBlank()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".config");
    return config.resolve("commune").resolve("known_logs");
  }

  Path file() {
    return file;
  }

  /** The address as the key of a line: no trailing slash, no spaces. */
  static String normalise(String url) {
    String u = url.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }

  Optional<Known> find(String url) throws IOException {
    String key = normalise(url);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length < 4 || line.startsWith("#") || !parts[0].equals(key)) {
        continue;
      }
      Base64.Decoder b64 = Base64.getDecoder();
      Path leaves = leavesFile(key);
      byte[] hashes = Files.exists(leaves) ? Files.readAllBytes(leaves) : null;
      long size = Long.parseLong(parts[2]);
      if (hashes != null && hashes.length != size * 32) {
        hashes = null;
      }
      return Optional.of(new Known(key, b64.decode(parts[1]), size, b64.decode(parts[3]), hashes));
    }
    return Optional.empty();
  }

  /** Records (replacing any earlier line for the same address) what this run verified. */
  void remember(String url, byte[] publicKey, Checkpoint checkpoint, byte[] leafHashes) throws IOException {
    String key = normalise(url);
    Files.createDirectories(file.toAbsolutePath().getParent());
    List<String> lines = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.strip().split("\\s+");
        if (!(parts.length >= 1 && parts[0].equals(key))) {
          lines.add(line);
        }
      }
    }
    Base64.Encoder b64 = Base64.getEncoder();
    lines.add(key + " " + b64.encodeToString(publicKey) + " " + checkpoint.treeSize() + " "
        + b64.encodeToString(checkpoint.rootHash()));
    writeAtomically(leavesFile(key), leafHashes);
    writeAtomically(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private Path leavesFile(String key) {
    return file.toAbsolutePath().resolveSibling(file.getFileName() + ".d")
        .resolve(HexFormat.of().formatHex(Sha256.of(key), 0, 16) + ".leaves");
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(temporary, bytes);
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
