package org.commune.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.commune.transparency.VerifyLogCommand;

/** Runs the verifier command as a person would, capturing what it prints. */
public final class VerifierRun {

  public record Result(int exit, String output) {}

  private VerifierRun() {}

  /** A first check: a fresh state file, so nothing is remembered from other runs or instances. */
  public static Result against(String baseUrl) {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("verify-log");
      return against(baseUrl, dir.resolve("known_logs"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A check that remembers what earlier checks with the same state file verified. */
  public static Result against(String baseUrl, java.nio.file.Path state, String... more) {
    String[] args = new String[3 + more.length];
    args[0] = baseUrl;
    args[1] = "--state";
    args[2] = state.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return run(args);
  }

  private static synchronized Result run(String[] args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit = VerifyLogCommand.run(args);
      return new Result(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
