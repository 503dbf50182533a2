package org.commune.ai;

import jakarta.annotation.PreDestroy;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one client for OpenAI-compatible servers (llama.cpp's llama-server, vLLM, LocalAI, Ollama's
 * /v1): a streamed {@code /v1/chat/completions}, with the usage the server reports. The stream is read
 * here rather than by LangChain4j's streaming client, which reads on the JDK's shared pool and offers
 * no way to close a stalled stream: here every stream is read on this client's own bounded threads,
 * closed at its deadline, and capped in size.
 * It sends text and receives text: the model is given no tools.
 */
@Component
public class ModelClient {

  /** What the model answered, with the usage it reported (-1 when it reported none). */
  public record Completion(String text, long tokensIn, long tokensOut) {}

  /**
   * The provider failed: down, slow, malformed, or an error mid-stream. The message is safe to record
   * among members (it never carries the provider's response body); {@link #reason} is the public code.
   */
  public static final class ProviderFailed extends Exception {
    private final AiReason reason;

    public ProviderFailed(String message) {
      this(AiReason.STREAM_ERROR, message);
    }

    public ProviderFailed(AiReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public AiReason reason() {
      return reason;
    }
  }

  /**
   * What one answer may cost: {@code maxTokens} is sent as the request's {@code max_tokens} (0: none)
   * and {@code maxChars} stops reading, whatever the server does with the cap.
   */
  public record Limits(int maxTokens, int maxChars) {
    public static final Limits DEFAULT = new Limits(0, 400_000);
  }

  /** The models the server reports at {@code /v1/models} (a short timeout: this is a health check). */
  public List<String> models(Provider provider) throws ProviderFailed {
    try {
      HttpResponse<String> response = Providers.HTTP.send(HttpRequest.newBuilder(
              URI.create(provider.baseUrl() + "/v1/models")).timeout(Duration.ofSeconds(3))
          .header("Authorization", "Bearer " + provider.apiKey()).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new ProviderFailed("HTTP " + response.statusCode());
      }
      List<String> models = new ArrayList<>();
      for (JsonNode model : Json.MAPPER.readTree(response.body()).path("data")) {
        models.add(model.path("id").asString());
      }
      return models;
    } catch (IOException | RuntimeException e) {
      throw new ProviderFailed(e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderFailed("interrupted");
    }
  }

  /**
   * An embedding from the server's {@code /v1/embeddings}. No feature sends text here yet (semantic
   * features use the in-process model); when one does, it goes through the gateway like any call.
   */
  public float[] embed(Provider provider, String model, String text) throws ProviderFailed {
    try {
      return dev.langchain4j.model.openai.OpenAiEmbeddingModel.builder().baseUrl(provider.baseUrl() + "/v1")
          .apiKey(provider.apiKey()).modelName(model).timeout(Duration.ofSeconds(provider.timeoutSeconds()))
          .maxRetries(0).build().embed(text).content().vector();
    } catch (RuntimeException e) {
      throw new ProviderFailed(e.getClass().getSimpleName());
    }
  }

  /**
   * Model I/O runs here, never on the JDK's shared pool: a stalled stream holds one of these threads
   * until its timeout, when it is closed, and cannot hold anything another call needs.
   */
  private final ThreadPoolExecutor io;
  /** Its own client (HTTP/1.1: closing a response's stream then closes its connection). */
  private final HttpClient http;

  public ModelClient() {
    this(32);
  }

  @Autowired
  ModelClient(@Value("${commune.ai.io-threads:32}") int threads) {
    AtomicInteger n = new AtomicInteger();
    this.io = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "ai-model-io-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.io.allowCoreThreadTimeOut(true);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @PreDestroy
  void stop() {
    io.shutdownNow();
    http.shutdownNow();
  }

  /** Model I/O threads in use now (for the provider page and tests). */
  public int busyThreads() {
    return io.getActiveCount();
  }

  public Completion complete(Provider provider, String model, String system, String user, Consumer<String> partial)
      throws ProviderFailed {
    return complete(provider, model, system, user, Limits.DEFAULT, partial);
  }

  /**
   * A streamed {@code /v1/chat/completions}. The whole call, from connecting to the last byte, must
   * end within the provider's timeout; otherwise the stream is closed (the connection with it) and the
   * reading thread interrupted, so nothing of the stalled call stays behind.
   */
  public Completion complete(Provider provider, String model, String system, String user, Limits limits,
      Consumer<String> partial) throws ProviderFailed {
    Duration timeout = Duration.ofSeconds(provider.timeoutSeconds());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", model).put("stream", true).put("temperature", 0.2);
    body.putObject("stream_options").put("include_usage", true);
    if (limits.maxTokens() > 0) {
      body.put("max_tokens", limits.maxTokens());
    }
    var messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    messages.addObject().put("role", "user").put("content", user);
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/v1/chat/completions"))
          // The JDK's own timeout only covers waiting for the headers; the deadline below covers the
          // whole call and comes first, so that a stall is always reported as a timeout.
          .timeout(timeout.plusSeconds(5)).header("Content-Type", "application/json").header("Accept", "text/event-stream")
          .header("Authorization", "Bearer " + provider.apiKey())
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    } catch (IllegalArgumentException e) {
      throw new ProviderFailed(AiReason.PROVIDER_UNREACHABLE, "invalid address");
    }
    Stream stream = new Stream();
    long begin = System.nanoTime();
    Future<Completion> future;
    try {
      future = io.submit(() -> stream.read(http, request, limits, partial));
    } catch (RejectedExecutionException e) {
      throw new ProviderFailed(AiReason.PROVIDER_BUSY, "every model I/O thread is busy");
    }
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ProviderFailed(AiReason.TIMEOUT, "timeout after " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProviderFailed failed) {
        throw failed;
      }
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException
          || System.nanoTime() - begin >= timeout.toNanos() - 50_000_000L) {
        throw new ProviderFailed(AiReason.TIMEOUT, "timeout after " + timeout.toSeconds() + " s");
      }
      if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
        throw new ProviderFailed(AiReason.PROVIDER_UNREACHABLE, "unreachable (" + cause.getClass().getSimpleName() + ")");
      }
      throw new ProviderFailed(AiReason.STREAM_ERROR, "the stream broke (" + cause.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderFailed(AiReason.GATEWAY_ERROR, "interrupted");
    } finally {
      if (!future.isDone()) {
        stream.abandon();
        future.cancel(true);
      }
    }
  }

  /** One response being read, which the caller can abandon (closing its connection) from its own thread. */
  private static final class Stream {
    private volatile java.io.@Nullable InputStream body;
    private volatile boolean abandoned;

    void abandon() {
      abandoned = true;
      close(body);
    }

    private static void close(java.io.@Nullable InputStream in) {
      if (in != null) {
        try {
          in.close();
        } catch (IOException | RuntimeException ignored) {
          // Closing is best effort: the connection is gone either way.
        }
      }
    }

    Completion read(HttpClient http, HttpRequest request, Limits limits,
        Consumer<String> partial) throws Exception {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      InputStream in = response.body();
      body = in;
      if (abandoned) {
        close(in);
        throw new ProviderFailed(AiReason.TIMEOUT, "abandoned");
      }
      try (in) {
        if (response.statusCode() != 200) {
          // The body is not read: it is the provider's text, which can quote the member's prompt.
          throw new ProviderFailed(AiReason.PROVIDER_HTTP_ERROR, "HTTP " + response.statusCode());
        }
        return parse(in, limits, partial);
      }
    }

    private Completion parse(InputStream in, Limits limits, Consumer<String> partial) throws Exception {
      StringBuilder text = new StringBuilder();
      long tokensIn = -1;
      long tokensOut = -1;
      boolean finished = false;
      // One SSE line may be at most this long: a server cannot make us buffer a 20 MB line.
      int maxLine = Math.max(64 * 1024, limits.maxChars() * 4 + 4096);
      long maxBytes = (long) limits.maxChars() * 8 + 1_000_000;
      BufferedInputStream bytes = new BufferedInputStream(in, 16 * 1024);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long total = 0;
      int b;
      boolean done = false;
      while (!done && (b = bytes.read()) != -1) {
        if (++total > maxBytes) {
          throw new ProviderFailed(AiReason.OUTPUT_TOO_LARGE, "the answer exceeded " + maxBytes + " bytes");
        }
        if (b != '\n') {
          if (line.size() >= maxLine) {
            throw new ProviderFailed(AiReason.OUTPUT_TOO_LARGE, "a line of the stream exceeded " + maxLine + " bytes");
          }
          line.write(b);
          continue;
        }
        String l = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (!l.startsWith("data:")) {
          continue; // comments (keep-alives), event names, blank separators
        }
        String data = l.substring(5).strip();
        if ("[DONE]".equals(data)) {
          done = true;
          continue;
        }
        JsonNode chunk;
        try {
          chunk = Json.MAPPER.readTree(data);
        } catch (RuntimeException e) {
          throw new ProviderFailed(AiReason.MALFORMED_RESPONSE, "a malformed chunk in the stream");
        }
        if (chunk.has("error")) {
          throw new ProviderFailed(AiReason.STREAM_ERROR, "the provider reported an error mid-stream");
        }
        JsonNode choice = chunk.path("choices").path(0);
        String piece = choice.path("delta").path("content").asString("");
        if (!piece.isEmpty()) {
          if (text.length() + piece.length() > limits.maxChars()) {
            throw new ProviderFailed(AiReason.OUTPUT_TOO_LARGE, "the answer exceeded " + limits.maxChars() + " characters");
          }
          text.append(piece);
          partial.accept(piece);
        }
        if (!choice.path("finish_reason").isMissingNode() && !choice.path("finish_reason").isNull()) {
          finished = true;
        }
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
          tokensIn = usage.path("prompt_tokens").asLong(-1);
          tokensOut = usage.path("completion_tokens").asLong(-1);
        }
      }
      if (!finished) {
        // The stream ended without the model saying it finished: an error event, or a cut connection.
        throw new ProviderFailed(AiReason.STREAM_ERROR,
            "the stream ended before the model finished (" + text.length() + " characters received)");
      }
      return new Completion(text.toString(), tokensIn, tokensOut);
    }
  }
}
