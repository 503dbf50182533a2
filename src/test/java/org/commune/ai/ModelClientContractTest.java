package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.commune.testing.FakeOpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's contract with an OpenAI-compatible server: models, a streamed completion with usage,
 * embeddings, and how failures surface. Runs against the local fake server; set
 * {@code COMMUNE_TEST_LLM_URL} (e.g. http://127.0.0.1:8080 for llama-server, http://127.0.0.1:11434
 * for Ollama), {@code COMMUNE_TEST_LLM_MODEL} and optionally {@code COMMUNE_TEST_LLM_EMBEDDING_MODEL}
 * to run the same tests against a real server (the failure modes only a fake can produce still run, on a
 * fake server of their own: nothing is skipped).
 */
class ModelClientContractTest {

  static final String REAL = System.getenv("COMMUNE_TEST_LLM_URL");
  static FakeOpenAiServer fake;
  static Provider provider;
  static String model;
  final ModelClient client = new ModelClient();

  @BeforeAll
  static void server() throws Exception {
    if (REAL == null || REAL.isBlank()) {
      fake = new FakeOpenAiServer();
      fake.reply(prompt -> "Bonjour tout le monde.");
      provider = new Provider("fake", fake.baseUrl(), List.of("llama-3.2-3b-q4"), true, null, 2);
      model = "llama-3.2-3b-q4";
    } else {
      System.out.println("ModelClientContractTest: running against the real server at " + REAL);
      model = System.getenv().getOrDefault("COMMUNE_TEST_LLM_MODEL", "llama3.2:3b");
      provider = new Provider("real", REAL.replaceAll("/+$", "").replaceAll("/v1$", ""), List.of(model), true, null, 300);
    }
  }

  @AfterAll
  static void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void listsModels() throws Exception {
    assertThat(client.models(provider)).isNotEmpty();
  }

  @Test
  void streamsACompletionWithUsage() throws Exception {
    List<String> pieces = new ArrayList<>();
    ModelClient.Completion completion = client.complete(provider, model, "Translate the data block into French.",
        "<<<DATA 1>>>\nHello everyone.\n<<<END DATA 1>>>", pieces::add);
    assertThat(completion.text()).isNotBlank();
    assertThat(String.join("", pieces)).isEqualTo(completion.text());
    assertThat(pieces.size()).as("streamed in pieces").isGreaterThan(1);
    assertThat(completion.tokensOut()).isPositive();
    assertThat(completion.tokensIn()).isPositive();
  }

  @Test
  void embeds() throws Exception {
    String embeddingModel = System.getenv().getOrDefault("COMMUNE_TEST_LLM_EMBEDDING_MODEL", model);
    assertThat(client.embed(provider, embeddingModel, "solidarity")).isNotEmpty();
  }

  /** Failure modes are provoked on a fake server of their own, also when the other tests run against a real one. */
  @Test
  void failuresSurfaceAsProviderFailed() throws Exception {
    try (FakeOpenAiServer failing = new FakeOpenAiServer()) {
      String fakeModel = "llama-3.2-3b-q4";
      Provider failingProvider = new Provider("failing", failing.baseUrl(), List.of(fakeModel), true, null, 2);
      for (FakeOpenAiServer.Mode mode : List.of(FakeOpenAiServer.Mode.HTTP_500, FakeOpenAiServer.Mode.MALFORMED,
          FakeOpenAiServer.Mode.ERROR_MID_STREAM, FakeOpenAiServer.Mode.SLOW)) {
        failing.mode(mode);
        assertThatThrownBy(() -> client.complete(failingProvider, fakeModel, "s", "u", t -> { }))
            .as(mode.name()).isInstanceOf(ModelClient.ProviderFailed.class);
      }
      Provider down = new Provider("down", "http://127.0.0.1:9", List.of(fakeModel), true, null, 2);
      assertThatThrownBy(() -> client.complete(down, fakeModel, "s", "u", t -> { }))
          .isInstanceOf(ModelClient.ProviderFailed.class);
      assertThatThrownBy(() -> client.models(down)).isInstanceOf(ModelClient.ProviderFailed.class);
    }
  }
}
