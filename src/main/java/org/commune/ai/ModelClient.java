package org.commune.ai;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The one client for OpenAI-compatible servers (llama.cpp's llama-server, vLLM, LocalAI, Ollama's
 * /v1): a streamed {@code /v1/chat/completions} through LangChain4j, with the usage the server reports.
 * It sends text and receives text: the model is given no tools.
 */
@Component
public class ModelClient {

  /** What the model answered, with the usage it reported (-1 when it reported none). */
  public record Completion(String text, long tokensIn, long tokensOut) {}

  /** The provider failed: down, slow, malformed, or an error mid-stream. The message is safe to record. */
  public static final class ProviderFailed extends Exception {
    public ProviderFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** The models the server reports at {@code /v1/models} (a short timeout: this is a health check). */
  public List<String> models(Provider provider) throws ProviderFailed {
    try {
      java.net.http.HttpResponse<String> response = Providers.HTTP.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(provider.baseUrl() + "/v1/models")).timeout(Duration.ofSeconds(3))
          .header("Authorization", "Bearer " + provider.apiKey()).GET().build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new ProviderFailed("HTTP " + response.statusCode());
      }
      List<String> models = new java.util.ArrayList<>();
      for (tools.jackson.databind.JsonNode model : JSON.readTree(response.body()).path("data")) {
        models.add(model.path("id").asString());
      }
      return models;
    } catch (java.io.IOException | RuntimeException e) {
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

  private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

  public Completion complete(Provider provider, String model, String system, String user, Consumer<String> partial)
      throws ProviderFailed {
    Duration timeout = Duration.ofSeconds(provider.timeoutSeconds());
    OpenAiStreamingChatModel chat = OpenAiStreamingChatModel.builder()
        .baseUrl(provider.baseUrl() + "/v1")
        .apiKey(provider.apiKey())
        .modelName(model)
        .timeout(timeout)
        .temperature(0.2)
        .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    chat.chat(List.of(SystemMessage.from(system), UserMessage.from(user)), new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String token) {
        text.append(token);
        partial.accept(token);
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    try {
      ChatResponse response = done.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      if (response.finishReason() == null) {
        // The stream ended without the model saying it finished: an error event, or a cut connection.
        throw new ProviderFailed("the stream ended before the model finished (" + text.length() + " characters received)");
      }
      String answer = response.aiMessage() != null && response.aiMessage().text() != null
          ? response.aiMessage().text() : text.toString();
      long in = response.tokenUsage() == null || response.tokenUsage().inputTokenCount() == null
          ? -1 : response.tokenUsage().inputTokenCount();
      long out = response.tokenUsage() == null || response.tokenUsage().outputTokenCount() == null
          ? -1 : response.tokenUsage().outputTokenCount();
      return new Completion(answer, in, out);
    } catch (TimeoutException e) {
      throw new ProviderFailed("timeout after " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
          : ": " + cause.getMessage().replaceAll("\\s+", " "));
      throw new ProviderFailed(message.length() > 250 ? message.substring(0, 250) : message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderFailed("interrupted");
    }
  }
}
