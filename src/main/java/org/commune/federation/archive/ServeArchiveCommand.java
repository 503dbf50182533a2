package org.commune.federation.archive;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./commune serve-archive FILE [--port N] [--address A]}: verifies the archive, then serves it
 * read-only with no database until stopped. A bad archive is never served.
 */
public final class ServeArchiveCommand {

  static final String USAGE = "Usage: commune serve-archive <file> [--port N] [--address 0.0.0.0]";

  private ServeArchiveCommand() {}

  /** -1 while serving (the server's threads keep the process), else the exit code. */
  public static int run(String[] args) {
    return run(args, System.out).exit();
  }

  record Started(int exit, @Nullable ArchiveServer server) {}

  static Started run(String[] args, PrintStream out) {
    @Nullable String file = null;
    int port = 8090;
    String address = "0.0.0.0";
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(args[++i]);
          case "--address" -> address = args[++i];
          default -> {
            if (args[i].startsWith("--") || file != null) {
              throw new IllegalArgumentException(args[i]);
            }
            file = args[i];
          }
        }
      }
      if (file == null || port < 0 || port > 65535) {
        throw new IllegalArgumentException("file");
      }
    } catch (RuntimeException e) {
      out.println(USAGE);
      return new Started(2, null);
    }
    try {
      ArchiveVerifier.Verified verified = ArchiveVerifier.verify(Archive.read(CallerPath.of(file)), null);
      ArchiveServer server = ArchiveServer.start(verified, new InetSocketAddress(address, port));
      out.println("Serving the archive of " + verified.manifest().origin() + " made " + verified.manifest().createdAt()
          + " (read-only, actor key " + verified.fingerprint() + ") at http://" + address + ":" + server.port() + "/");
      return new Started(-1, server);
    } catch (ArchiveRefused refused) {
      out.println("FAILED: " + refused.getMessage() + " — not serving it.");
      return new Started(1, null);
    } catch (BindException e) {
      out.println("FAILED: port " + port + " on " + address + " is in use or not allowed: choose another with --port.");
      return new Started(1, null);
    } catch (IOException | RuntimeException e) {
      out.println("FAILED: cannot serve on " + address + ":" + port + ": " + e.getMessage());
      return new Started(1, null);
    }
  }
}
