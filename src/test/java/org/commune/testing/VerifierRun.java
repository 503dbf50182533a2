package org.commune.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.commune.transparency.VerifyLogCommand;

/** Runs the verifier command as a person would, capturing what it prints. */
public final class VerifierRun {

  public record Result(int exit, String output) {}

  private VerifierRun() {}

  public static synchronized Result against(String baseUrl) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit = VerifyLogCommand.run(new String[] {baseUrl});
      return new Result(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
