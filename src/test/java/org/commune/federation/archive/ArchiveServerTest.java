package org.commune.federation.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.commune.transparency.VerifyLogCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveServerTest {

  private static final String ARTICLE_ID = "7a1c8a5e-0b8e-4c1e-9d5a-2f4f3b6a9c01";
  private final HttpClient http = HttpClient.newHttpClient();
  private ArchiveServer server;
  private String base;

  @TempDir Path dir;

  @BeforeEach
  void serve() throws Exception {
    ArchiveVerifier.Verified verified =
        ArchiveVerifier.verify(Archive.read(new ByteArrayInputStream(new SampleArchive().zip())), null);
    server = ArchiveServer.start(verified, new InetSocketAddress("127.0.0.1", 0));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void pagesInBothLanguagesSayWhoseArchiveAndThatItIsReadOnly() throws Exception {
    HttpResponse<String> en = get("/?lang=en");
    assertThat(en.statusCode()).isEqualTo(200);
    assertThat(en.body()).contains("Archive of https://union.example made").contains("read-only")
        .contains("<bdi>Printers' Union</bdi>").contains("/articles/" + ARTICLE_ID).contains("Strike fund")
        .contains("href=\"/assets/commune.css\"").doesNotContain("<script");
    assertThat(en.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");

    HttpResponse<String> ar = get("/articles/" + ARTICLE_ID, "Accept-Language", "ar");
    assertThat(ar.statusCode()).isEqualTo(200);
    assertThat(ar.body()).contains("lang=\"ar\" dir=\"rtl\"").contains("أرشيف https://union.example")
        .contains("صندوق الإضراب").contains("لقد فزنا.");
    HttpResponse<String> article = get("/articles/" + ARTICLE_ID + "?lang=en");
    assertThat(article.body()).contains("<strong>won</strong>").contains("?lang=ar");

    assertThat(get("/assets/commune.css").body()).contains("--radius");
    assertThat(get("/articles/00000000-0000-0000-0000-000000000000?lang=en").statusCode()).isEqualTo(404);
  }

  @Test
  void servesTheManifestAndListedFilesOnly() throws Exception {
    assertThat(get("/manifest.json").body()).contains("\"format\" : \"commune-archive-1\"");
    assertThat(get("/manifest.sig").statusCode()).isEqualTo(200);
    assertThat(get("/archive/" + SampleArchive.ARTICLE).body()).contains("Strike fund");
    assertThat(get("/archive/articles/unknown.json").statusCode()).isEqualTo(404);
    assertThat(get("/archive/..%2Fmanifest.json").statusCode()).isEqualTo(404);
    assertThat(get("/fonts/..%2F..%2Fapplication.properties").statusCode()).isEqualTo(404);
    assertThat(get("/application.properties").statusCode()).isEqualTo(404);
    // A literal ../ on the wire (an HTTP client would normalise it away).
    assertThat(raw("GET /archive/../manifest.json HTTP/1.1")).startsWith("HTTP/1.1 404");
    assertThat(raw("GET /assets/../../application.properties HTTP/1.1")).startsWith("HTTP/1.1 404");
  }

  @Test
  void refusesWrites() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/articles"))
          .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  @Test
  void theLogApiAnswersAsCommuneDoesSoVerifyLogPasses() throws Exception {
    assertThat(get("/api/log/entries?start=0&count=0").statusCode()).isEqualTo(400);
    assertThat(get("/api/log/entries?start=x").statusCode()).isEqualTo(400);
    assertThat(get("/api/log/proof/inclusion?index=9").statusCode()).isEqualTo(400);
    assertThat(get("/api/log/checkpoint").body()).contains("\"treeSize\":5");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream was = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = VerifyLogCommand.run(new String[] {base, "--no-state"});
    } finally {
      System.setOut(was);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: tree size 5, 5 entries, 5 signed checkpoints");
    assertThat(exit).isZero();
  }

  @Test
  void theCommandRefusesABadArchiveAndABusyPort() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>(Archive.read(new ByteArrayInputStream(new SampleArchive().zip())).files());
    files.put("extra.txt", new byte[] {1});
    Path bad = dir.resolve("bad.zip");
    Files.write(bad, SampleArchive.rezip(files));
    Path good = dir.resolve("good.zip");
    Files.write(good, new SampleArchive().zip());
    assertThat(command(bad.toString(), "--port", "0")).startsWith("FAILED: extra.txt is not listed").contains("not serving");
    assertThat(command(dir.resolve("nothing.zip").toString())).startsWith("FAILED: no such file");
    assertThat(command(good.toString(), "--port", "http")).startsWith("Usage");
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(command(good.toString(), "--port", String.valueOf(busy.getLocalPort()), "--address", "127.0.0.1"))
          .startsWith("FAILED: port " + busy.getLocalPort() + " on 127.0.0.1 is in use");
    }
  }

  private static String command(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ServeArchiveCommand.Started started = ServeArchiveCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
    if (started.server() != null) {
      started.server().close();
    }
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  private String raw(String requestLine) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
