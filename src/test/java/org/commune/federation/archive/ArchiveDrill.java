package org.commune.federation.archive;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.springframework.context.ApplicationContext;

/**
 * The archive's command paths for drills in other packages: {@code ./commune archive} on a running instance's
 * beans, and {@code ./commune serve-archive} (which verifies the file before serving it) on loopback.
 */
public final class ArchiveDrill {

  private ArchiveDrill() {}

  /** What {@code ./commune archive FILE} does once Commune is started: 0 when the file was written. */
  public static int write(ApplicationContext commune, Path target) {
    return ArchiveCommand.write(commune.getBean(ArchiveContents.class), target, false);
  }

  /** The archive's signed manifest names this actor key (checked as {@code verify-archive --key} does). */
  public static String origin(Path file, String pinnedFingerprint) throws ArchiveRefused {
    return ArchiveVerifier.verify(Archive.read(file), pinnedFingerprint).manifest().origin();
  }

  /** A running {@code serve-archive}; closing it stops the server. */
  public record Served(int port, String output, AutoCloseable server) implements AutoCloseable {
    public String url() {
      return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  /** {@code ./commune serve-archive FILE --address 127.0.0.1 --port 0}; fails when it refused to serve. */
  public static Served serve(Path file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ServeArchiveCommand.Started started = ServeArchiveCommand.run(
        new String[] {file.toString(), "--address", "127.0.0.1", "--port", "0"},
        new PrintStream(out, true, StandardCharsets.UTF_8));
    String output = out.toString(StandardCharsets.UTF_8);
    ArchiveServer server = started.server();
    if (server == null) {
      throw new AssertionError("serve-archive refused (exit " + started.exit() + "): " + output);
    }
    return new Served(server.port(), output, server);
  }
}
