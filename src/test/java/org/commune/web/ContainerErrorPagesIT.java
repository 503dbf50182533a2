package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.commune.testing.RunningCommune;
import org.junit.jupiter.api.Test;

/**
 * Requests so malformed that Tomcat answers them before Commune's code runs, sent over a raw
 * socket (no HTTP client would send them). Each answer is Commune's error page, in the visitor's
 * language, with the security headers; never Tomcat's own page.
 */
class ContainerErrorPagesIT extends RunningCommune {

  record Answer(int status, String head, String body) {}

  private static Answer raw(String request) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", PORT), 5000);
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String head = end < 0 ? text : text.substring(0, end);
      return new Answer(Integer.parseInt(head.split(" ")[1]), head, end < 0 ? "" : text.substring(end + 4));
    }
  }

  private static String get(String target, String extraHeaders) {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + extraHeaders + "\r\n";
  }

  @Test
  void malformedRequestsGetCommunesErrorPage() throws Exception {
    List<String> requests = List.of(
        get("/%zz", ""),                                   // bad percent-encoding in the path
        get("/a/%2e%2e/%2e%2e/%2e%2e/etc", ""),            // escapes the root
        get("/x\u007fy", ""),                              // invalid character in the target
        get("/{}", ""),                                    // characters Tomcat refuses in the target
        get("/", "X-Bad: a\u0001b\r\n"),                   // invalid header characters
        get("/", "X-Big: " + "a".repeat(20_000) + "\r\n"), // oversized header
        "G@T / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", // invalid method
        "POST /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 9\r\n\r\n%zz=%%&a=");        // undecodable form body
    for (String request : requests) {
      String shown = request.length() > 60 ? request.substring(0, 60) : request;
      Answer answer = raw(request);
      assertThat(answer.status()).as(shown).isBetween(400, 499);
      String head = answer.head().toLowerCase(Locale.ROOT);
      assertThat(head).as(shown).contains("content-security-policy: default-src 'none'");
      assertThat(head).as(shown).contains("x-content-type-options: nosniff");
      assertThat(head).as(shown).containsAnyOf("x-frame-options: deny");
      assertThat(answer.body()).as(shown).doesNotContain("Apache Tomcat").doesNotContain("HTTP Status")
          .contains("<html");
    }
  }

  @Test
  void containerErrorsSpeakTheVisitorsLanguage() throws Exception {
    // A path that climbs above the root is refused after the headers are read, so they can choose the language.
    Answer arabic = raw(get("/a/%2e%2e/%2e%2e/etc", "Accept-Language: ar\r\n"));
    assertThat(arabic.status()).isEqualTo(400);
    assertThat(arabic.body()).contains("lang=\"ar\"").contains("dir=\"rtl\"").contains("شيء في الطلب لم يكن صحيحًا");
    Answer cookie = raw(get("/a/%2e%2e/%2e%2e/etc", "Cookie: lang=ar\r\n"));
    assertThat(cookie.body()).contains("lang=\"ar\"");
  }
}
