package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.commune.testing.FakeOpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client alone, from the side of a model server that misbehaves: streams that never end must not
 * hold other calls (they used to share the JDK's one-worker pool on 2 cores) and must be closed at
 * their deadline; an instant HTTP 500 fails at once instead of waiting for the timeout.
 */
class ModelClientStallTest {

  static FakeOpenAiServer stalling;
  static FakeOpenAiServer healthy;
  final ModelClient client = new ModelClient();

  @BeforeAll
  static void servers() throws Exception {
    stalling = new FakeOpenAiServer();
    healthy = new FakeOpenAiServer();
    healthy.reply(prompt -> "A short and complete answer.");
  }

  @AfterAll
  static void stop() {
    stalling.close();
    healthy.close();
  }

  @Test
  void stalledStreamsHoldNothingAndAreClosedAtTheirDeadline() throws Exception {
    stalling.mode(FakeOpenAiServer.Mode.STALL);
    Provider stalled = new Provider("stall", stalling.baseUrl(), List.of("m"), true, null, 3);
    Provider fine = new Provider("fine", healthy.baseUrl(), List.of("m"), true, null, 10);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<CompletableFuture<Throwable>> waiting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        waiting.add(CompletableFuture.supplyAsync(() -> {
          try {
            client.complete(stalled, "m", "s", "u", t -> { });
            return null;
          } catch (ModelClient.ProviderFailed failed) {
            return failed;
          }
        }, threads));
      }
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stalling.stalledStreams() == 3);
      for (int i = 0; i < 5; i++) {
        long begin = System.nanoTime();
        assertThat(client.complete(fine, "m", "s", "u", t -> { }).text()).isEqualTo("A short and complete answer.");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
      }
      for (var f : waiting) {
        Throwable failure = f.get(20, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(ModelClient.ProviderFailed.class).hasMessageContaining("timeout");
      }
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stalling.streamsClosedByClient() == 3);
    } finally {
      threads.shutdownNow();
      stalling.mode(FakeOpenAiServer.Mode.OK);
    }
  }

  @Test
  void anInstantErrorFailsAtOnceAndQuotesNothing() {
    stalling.mode(FakeOpenAiServer.Mode.HTTP_500);
    stalling.errorBody("{\"error\":{\"message\":\"bad prompt from Layla Haddad +961 3 123 456\"}}");
    Provider erring = new Provider("erring", stalling.baseUrl(), List.of("m"), true, null, 30);
    try {
      long begin = System.nanoTime();
      assertThatThrownBy(() -> client.complete(erring, "m", "s", "u", t -> { }))
          .isInstanceOf(ModelClient.ProviderFailed.class).hasMessageContaining("500")
          .hasMessageNotContaining("timeout").hasMessageNotContaining("Layla").hasMessageNotContaining("123 456");
      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
    } finally {
      stalling.mode(FakeOpenAiServer.Mode.OK);
    }
  }
}
