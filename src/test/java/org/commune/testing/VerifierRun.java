package org.commune.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.commune.transparency.VerifyLogCommand;

/** Runs the verifier command as a person would, capturing what it prints. */
public final class VerifierRun {

  public record Result(int exit, String output) {}

  private VerifierRun() {}

  /** A first check: a fresh state file, so nothing is remembered from other runs or instances. */
  public static Result against(String baseUrl) {
    try {
      Path dir = Files.createTempDirectory("verify-log");
      return against(baseUrl, dir.resolve("known_logs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A check that remembers what earlier checks with the same state file verified. */
  public static Result against(String baseUrl, Path state, String... more) {
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
