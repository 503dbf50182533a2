package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An attacker puts CR/LF in a username or a header value that the server logs, hoping to write a
 * forged line into the log. With Commune's logging configuration (logback-spring.xml), a message
 * stays one line, and an exception's message cannot start a line of its own either.
 */
class LogInjectionTest {

  private static final String FORGED = "2026-11-28T06:00:00.000Z  INFO 1 --- [commune] [main] o.c.members.Accounts : steward signed in";

  @Test
  void userInputCannotStartALogLine() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogInjectionTest.class.getResource("/logback-spring.xml"));
      Logger log = context.getLogger("org.commune.test");
      log.info("Sign-in failed for {}", "mallory\r\n" + FORGED);
      log.warn("Header was {}", "a\nb\u0000c\u001b[31m\u2028d");
      log.error("Request failed", new IllegalArgumentException("bad value\r\n" + FORGED));
    } finally {
      context.stop();
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    List<String> lines = Arrays.asList(output.split("\n"));
    assertThat(lines).noneMatch(line -> line.startsWith(FORGED.substring(0, 24)));
    assertThat(lines).noneMatch(line -> line.contains("\r"));
    assertThat(lines).filteredOn(line -> line.contains("Sign-in failed for")).singleElement()
        .satisfies(line -> assertThat(line).contains("mallory\\r\\n2026-11-28T06:00"));
    assertThat(lines).filteredOn(line -> line.contains("Header was")).singleElement()
        .satisfies(line -> assertThat(line).contains("a\\nb\\u0000c\\u001b[31m\\u2028d"));
    assertThat(lines).filteredOn(line -> line.contains("IllegalArgumentException")).singleElement()
        .satisfies(line -> assertThat(line).contains("bad value\\r\\n2026-11-28T06:00"));
    // The stack trace itself still has its lines.
    assertThat(lines).anyMatch(line -> line.strip().startsWith("at org.commune.web.LogInjectionTest"));
  }
}
