package org.commune.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.commune.web.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP server speaking the OpenAI-compatible wire format of llama.cpp's llama-server, vLLM,
 * LocalAI and Ollama's /v1: {@code GET /v1/models}, {@code POST /v1/chat/completions} (JSON, or
 * server-sent events when {@code "stream": true}, with a final usage chunk when
 * {@code stream_options.include_usage} is set) and {@code POST /v1/embeddings}. It stands in for a
 * model server, which cannot run here; its {@link Mode} makes it fail the ways real servers do.
 */
public final class FakeOpenAiServer implements AutoCloseable {

  /** How the server behaves. */
  public enum Mode {
    OK, HTTP_500, MALFORMED, ERROR_MID_STREAM, SLOW, EMPTY,
    /** Sends the headers and one piece, then only keep-alive comments, forever: the stream never ends. */
    STALL,
    /** Ignores max_tokens and streams about 20 MB, then claims millions of tokens. */
    HUGE
  }

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.OK;
  private volatile Function<String, String> reply = prompt -> "Title\n\nA reply.";
  private volatile String errorBody = "{\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}";
  private final AtomicInteger stalled = new AtomicInteger();
  private final AtomicInteger closedByClient = new AtomicInteger();

  public FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/v1/models", this::models);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/embeddings", this::embeddings);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** What the model answers, given the user prompt. */
  public void reply(Function<String, String> reply) {
    this.reply = reply;
  }

  /** What HTTP_500 answers (a real server's error text can quote the prompt). */
  public void errorBody(String body) {
    this.errorBody = body;
  }

  /** Stalled streams started, and those the client closed (a write failed), so far. */
  public int stalledStreams() {
    return stalled.get();
  }

  public int streamsClosedByClient() {
    return closedByClient.get();
  }

  /** The bodies of the chat requests received, oldest first. */
  public List<String> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void models(HttpExchange exchange) throws IOException {
    send(exchange, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"llama-3.2-3b-q4\",\"object\":\"model\","
        + "\"owned_by\":\"local\"},{\"id\":\"qwen2.5-7b-q4\",\"object\":\"model\",\"owned_by\":\"local\"}]}");
  }

  private void embeddings(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    send(exchange, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
        + "\"embedding\":[0.1,0.2,0.3]}],\"model\":\"minilm\",\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}");
  }

  private void chat(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(body);
    JsonNode request = Json.MAPPER.readTree(body);
    String user = "";
    for (JsonNode message : request.path("messages")) {
      if ("user".equals(message.path("role").asString())) {
        user = message.path("content").asString();
      }
    }
    String model = request.path("model").asString("llama-3.2-3b-q4");
    String text = reply.apply(user);
    switch (mode) {
      case HTTP_500 -> {
        send(exchange, 500, "application/json", errorBody);
        return;
      }
      case SLOW -> {
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      default -> { }
    }
    boolean stream = request.path("stream").asBoolean(false);
    if (!stream) {
      ObjectNode response = Json.MAPPER.createObjectNode();
      response.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1).put("model", model);
      ArrayNode choices = response.putArray("choices");
      ObjectNode choice = choices.addObject();
      choice.put("index", 0).put("finish_reason", "stop");
      choice.putObject("message").put("role", "assistant").put("content", text);
      response.putObject("usage").put("prompt_tokens", user.length() / 4).put("completion_tokens", text.length() / 4)
          .put("total_tokens", user.length() / 4 + text.length() / 4);
      send(exchange, 200, "application/json", mode == Mode.MALFORMED ? "{\"id\": \"chatcmpl-1\", \"choices\": [" : response.toString());
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    if (mode == Mode.STALL) {
      stall(exchange, model);
      return;
    }
    if (mode == Mode.HUGE) {
      huge(exchange, model, request.path("stream_options").path("include_usage").asBoolean(false));
      return;
    }
    try (OutputStream out = exchange.getResponseBody()) {
      if (mode == Mode.MALFORMED) {
        out.write("data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"Hel\n\n".getBytes(StandardCharsets.UTF_8));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String[] words = mode == Mode.EMPTY ? new String[0] : text.split("(?<= )");
      int sent = 0;
      for (String word : words) {
        if (mode == Mode.ERROR_MID_STREAM && sent == 1) {
          out.write("data: {\"error\":{\"message\":\"out of memory\",\"type\":\"server_error\"}}\n\n"
              .getBytes(StandardCharsets.UTF_8));
          out.flush();
          return;
        }
        ObjectNode chunk = Json.MAPPER.createObjectNode();
        chunk.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("created", 1).put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put("content", word);
        choice.putNull("finish_reason");
        out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        sent++;
      }
      ObjectNode last = Json.MAPPER.createObjectNode();
      last.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("created", 1).put("model", model);
      ObjectNode choice = last.putArray("choices").addObject();
      choice.put("index", 0).put("finish_reason", "stop");
      choice.putObject("delta");
      out.write(("data: " + last + "\n\n").getBytes(StandardCharsets.UTF_8));
      if (request.path("stream_options").path("include_usage").asBoolean(false)) {
        ObjectNode usage = Json.MAPPER.createObjectNode();
        usage.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("created", 1).put("model", model);
        usage.putArray("choices");
        usage.putObject("usage").put("prompt_tokens", user.length() / 4).put("completion_tokens", text.length() / 4)
            .put("total_tokens", user.length() / 4 + text.length() / 4);
        out.write(("data: " + usage + "\n\n").getBytes(StandardCharsets.UTF_8));
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String chunk(String model, String content) {
    ObjectNode chunk = Json.MAPPER.createObjectNode();
    chunk.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("created", 1).put("model", model);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta").put("content", content);
    choice.putNull("finish_reason");
    return "data: " + chunk + "\n\n";
  }

  /** (Headers already sent.) One piece, then a keep-alive comment every 100 ms until the client goes away (up to 10 minutes). */
  private void stall(HttpExchange exchange, String model) {
    stalled.incrementAndGet();
    try {
      OutputStream out = exchange.getResponseBody();
      out.write(chunk(model, "Thinking ").getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (int i = 0; i < 6_000; i++) {
        Thread.sleep(100);
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      closedByClient.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private void huge(HttpExchange exchange, String model, boolean usage) {
    try (OutputStream out = exchange.getResponseBody()) {
      byte[] piece = chunk(model, "word ".repeat(200)).getBytes(StandardCharsets.UTF_8);
      for (long sent = 0; sent < 20_000_000L; sent += piece.length) {
        out.write(piece);
      }
      String finish = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
      out.write(finish.getBytes(StandardCharsets.UTF_8));
      if (usage) {
        out.write("data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5200000,\"total_tokens\":5200010}}\n\n"
            .getBytes(StandardCharsets.UTF_8));
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      closedByClient.incrementAndGet();
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
