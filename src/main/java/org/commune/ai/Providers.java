package org.commune.ai;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The model servers stewards registered. Nothing else is ever called: the gateway only sends to a
 * registered base URL, redirects are never followed, and cloud metadata addresses are refused.
 */
@Service
public class Providers {

  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(3)).build();

  private final ProviderRepository providers;
  private final ModelClient client;

  Providers(ProviderRepository providers, ModelClient client) {
    this.providers = providers;
    this.client = client;
    this.registered = new Refreshing<>(providers::all);
  }

  public List<Provider> all() {
    return providers.all();
  }

  /** A registered provider; the list is read at most every few seconds, and again at once after a change here. */
  public Optional<Provider> find(String name) {
    return registered.get().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private final Refreshing<List<Provider>> registered;

  /** Registers (or changes) a provider. The base URL is the server's root, e.g. http://127.0.0.1:8080. */
  @Transactional
  public void register(MemberId steward, String name, String baseUrl, String models, boolean onPremises,
      @Nullable String apiKeyEnv, int timeoutSeconds) {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    if (!n.matches("[a-z0-9][a-z0-9-]{0,39}")) {
      problems.add(new InvalidInput.Problem("name", "providers.name.invalid"));
    }
    String url = baseUrl == null ? "" : baseUrl.strip();
    if (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (url.endsWith("/v1")) {
      url = url.substring(0, url.length() - 3);
    }
    if (!safeUrl(url)) {
      problems.add(new InvalidInput.Problem("baseUrl", "providers.url.invalid"));
    }
    List<String> list = Arrays.stream((models == null ? "" : models).split("[,\\n]")).map(String::strip)
        .filter(s -> !s.isEmpty()).distinct().toList();
    if (list.isEmpty() || list.stream().anyMatch(m -> m.length() > 100 || m.contains(","))) {
      problems.add(new InvalidInput.Problem("models", "providers.models.invalid"));
    }
    String key = apiKeyEnv == null || apiKeyEnv.isBlank() ? null : apiKeyEnv.strip();
    if (key != null && !key.matches("[A-Z][A-Z0-9_]{0,59}")) {
      problems.add(new InvalidInput.Problem("apiKeyEnv", "providers.key.invalid"));
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      problems.add(new InvalidInput.Problem("timeout", "providers.timeout.invalid"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    providers.put(new Provider(n, url, list, onPremises, key, timeoutSeconds), steward.value());
    registered.reset();
  }

  @Transactional
  public void remove(String name) {
    providers.remove(name);
    registered.reset();
  }

  /** A provider's health: reachable or not, and the models it reports (its /v1/models). */
  public record Health(String provider, boolean up, List<String> models, String problem) {}

  public Health health(Provider provider) {
    try {
      return new Health(provider.name(), true, client.models(provider), "");
    } catch (ModelClient.ProviderFailed e) {
      return new Health(provider.name(), false, List.of(), e.getMessage());
    }
  }

  /**
   * http(s), a host, no user info, query or fragment, and not a link-local address (where clouds serve
   * instance credentials). Local and private addresses are allowed: a model on the organisation's own
   * machine is the point.
   */
  static boolean safeUrl(String url) {
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null || url.length() > 300) {
        return false;
      }
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) {
          return false;
        }
      }
      return true;
    } catch (URISyntaxException | UnknownHostException e) {
      return false;
    }
  }
}
