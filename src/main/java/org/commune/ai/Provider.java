package org.commune.ai;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible server the stewards registered. Calls go to {@code baseUrl} only. The API key,
 * if the server needs one, is read from the named environment variable and never stored.
 *
 * @param onPremises whether the server runs on the organisation's own machine
 * @param timeoutSeconds how long a call may take before it is recorded as failed (a small model on a
 *     CPU needs tens of seconds; a stalled server must not hold a task forever)
 */
public record Provider(String name, String baseUrl, List<String> models, boolean onPremises,
    @Nullable String apiKeyEnv, int timeoutSeconds) {

  public String apiKey() {
    String key = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
    // llama.cpp and Ollama accept any key; the client library needs one.
    return key == null || key.isBlank() ? "none" : key;
  }
}
