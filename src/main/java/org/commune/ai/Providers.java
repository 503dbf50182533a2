package org.commune.ai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.commune.governance.GovernanceRecorded;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The model servers stewards registered. Nothing else is ever called: the gateway only sends to a
 * registered base URL, redirects are never followed, and the addresses a name resolves to are
 * checked on every call ({@link #check}): metadata and special-purpose addresses never, this machine
 * and the private network only when a steward turned that on. Every change is logged publicly (ids,
 * codes and fingerprints; never a URL or a key).
 */
@Service
public class Providers {

  private static final Logger log = LoggerFactory.getLogger(Providers.class);

  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(3)).build();

  /** The most of a health check's answer that is read (a list of models is small). */
  private static final int MAX_HEALTH_BYTES = 256 * 1024;

  private final ProviderRepository providers;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Refreshing<List<Provider>> registered;
  private final Refreshing<ProviderRepository.Outbound> outbound;

  Providers(ProviderRepository providers, ApplicationEventPublisher events, Clock clock,
      ObjectProvider<Charters> charters) {
    this.charters = charters;
    this.providers = providers;
    this.events = events;
    this.clock = clock;
    this.registered = new Refreshing<>(providers::all);
    this.outbound = new Refreshing<>(providers::outbound);
  }

  /** Lazily: the charter pins providers, and a key travels only to a provider the charter in force pins. */
  private final ObjectProvider<Charters> charters;

  public List<Provider> all() {
    return providers.all();
  }

  /** A registered provider; the list is read at most every few seconds, and again at once after a change here. */
  public Optional<Provider> find(String name) {
    return registered.get().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The stewards' outbound settings: model servers on this machine, and on the private network. */
  public record Outbound(boolean loopback, boolean privateNetwork) {}

  public Outbound outbound() {
    ProviderRepository.Outbound o = outbound.get();
    return new Outbound(o.loopback(), o.privateNetwork());
  }

  /** Turns model servers on this machine / on the private network on or off; logged publicly. */
  @Transactional
  public void outbound(MemberId steward, boolean loopback, boolean privateNetwork) {
    Outbound before = outbound();
    providers.outbound(new ProviderRepository.Outbound(loopback, privateNetwork), steward.value(), clock.instant());
    outbound.reset();
    if (before.loopback() != loopback) {
      log("ai.outbound-setting", "setting", "model-servers-on-this-machine", "value", Boolean.toString(loopback),
          "by", steward.toString());
    }
    if (before.privateNetwork() != privateNetwork) {
      log("ai.outbound-setting", "setting", "model-servers-on-the-private-network", "value",
          Boolean.toString(privateNetwork), "by", steward.toString());
    }
  }

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
    String refusal = addressRefusal(url);
    if (refusal != null) {
      problems.add(new InvalidInput.Problem("baseUrl", "providers.url." + refusal));
    }
    List<String> list = Arrays.stream((models == null ? "" : models).split("[,\\n]")).map(String::strip)
        .filter(s -> !s.isEmpty()).distinct().toList();
    if (list.isEmpty() || list.stream().anyMatch(m -> m.length() > 100 || m.contains(","))) {
      problems.add(new InvalidInput.Problem("models", "providers.models.invalid"));
    }
    String key = apiKeyEnv == null || apiKeyEnv.isBlank() ? null : apiKeyEnv.strip();
    if (key != null && !Provider.keyVariableAllowed(key)) {
      problems.add(new InvalidInput.Problem("apiKeyEnv", "providers.key.prefix"));
    } else if (key != null && refusal == null && !Provider.keyMayTravelTo(url)) {
      problems.add(new InvalidInput.Problem("apiKeyEnv", "providers.key.plain-http"));
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      problems.add(new InvalidInput.Problem("timeout", "providers.timeout.invalid"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    Provider provider = new Provider(n, url, list, onPremises, key, timeoutSeconds);
    Optional<Provider> before = providers.find(n);
    providers.put(provider, steward.value());
    registered.reset();
    if (before.isEmpty()) {
      log("ai.provider-registered", "provider", n, "fingerprint", provider.fingerprint(),
          "on_premises", Boolean.toString(onPremises), "by", steward.toString());
    } else {
      Provider old = before.get();
      List<String> changed = new ArrayList<>();
      if (!Provider.normalised(old.baseUrl()).equals(Provider.normalised(url))) {
        changed.add("url");
      }
      if (!old.models().stream().sorted().toList().equals(list.stream().sorted().toList())) {
        changed.add("models");
      }
      if (!Objects.equals(old.apiKeyEnv(), key)) {
        changed.add("key-variable");
      }
      if (old.onPremises() != onPremises) {
        changed.add("on-premises");
      }
      if (old.timeoutSeconds() != timeoutSeconds) {
        changed.add("timeout");
      }
      if (!changed.isEmpty()) {
        log("ai.provider-changed", "provider", n, "changed", String.join(",", changed),
            "fingerprint", provider.fingerprint(), "previous_fingerprint", old.fingerprint(), "by", steward.toString());
      }
    }
  }

  @Transactional
  public void remove(MemberId steward, String name) {
    Optional<Provider> before = providers.find(name);
    if (providers.remove(name)) {
      log("ai.provider-removed", "provider", name, "fingerprint", before.map(Provider::fingerprint).orElse(""),
          "by", steward.toString());
    }
    registered.reset();
  }

  /**
   * A provider's health, for stewards and members. Never the server's own words: a failed check
   * gives a fixed reason (a message key), so the check cannot read what answers on an address; a
   * passing one lists only the registered models the server offers.
   */
  public record Health(String provider, boolean up, List<String> models, String problem) {}

  private boolean pinnedByCharter(Provider provider) {
    return charters.getObject().current().map(v -> v.charter().pinned(provider)).orElse(false);
  }

  public Health health(Provider provider) {
    Checked checked = check(provider);
    if (checked.refusal() != null) {
      return new Health(provider.name(), false, List.of(), "ai.providers.reason." + checked.refusal());
    }
    Provider target = checked.target();
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/v1/models"))
          .timeout(Duration.ofSeconds(3)).GET();
      // The key goes only to the exact server the members pinned by vote: a steward alone cannot
      // register a server of their own under an existing key variable and have a health check send it.
      String bearer = pinnedByCharter(provider) ? target.bearer() : null;
      if (bearer != null) {
        request.header("Authorization", "Bearer " + bearer);
      }
      // The whole answer within the deadline and the size limit: a server that drips bytes or sends
      // megabytes cannot hold the page (the future is cancelled, which closes the connection).
      var pending = HTTP.sendAsync(request.build(), info -> new LimitedBody(MAX_HEALTH_BYTES));
      HttpResponse<byte[]> response;
      try {
        response = pending.get(4, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        pending.cancel(true);
        return down(provider, "timeout");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException("failed");
      }
      int status = response.statusCode();
      if (status != 200) {
        return down(provider, status >= 500 ? "http-5xx" : status >= 400 ? "http-4xx" : status >= 300 ? "http-3xx" : "not-openai");
      }
      byte[] bytes = response.body();
      List<String> offered = new ArrayList<>();
      JsonNode data = Json.MAPPER.readTree(bytes).path("data");
      if (!data.isArray()) {
        return down(provider, "not-openai");
      }
      for (JsonNode model : data) {
        offered.add(model.path("id").asString(""));
      }
      List<String> registeredModels = provider.models().stream().filter(offered::contains).toList();
      return registeredModels.isEmpty() ? down(provider, "models")
          : new Health(provider.name(), true, registeredModels, "");
    } catch (HttpTimeoutException e) {
      return down(provider, "timeout");
    } catch (ConnectException e) {
      return down(provider, "refused");
    } catch (UnknownHostException | SocketException e) {
      return down(provider, "unreachable");
    } catch (IOException | RuntimeException e) {
      // A server that is not HTTP (a database, SSH) or answers something else than the model list.
      return down(provider, "not-openai");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down(provider, "timeout");
    }
  }

  /** The body as bytes, or an error (and the connection dropped) past {@code max} bytes. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.@Nullable Subscription subscription;

    LimitedBody(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        if (bytes.size() + item.remaining() > max) {
          if (subscription != null) {
            subscription.cancel();
          }
          body.completeExceptionally(new IOException("answer too large"));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable error) {
      body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      body.complete(bytes.toByteArray());
    }
  }

  /**
   * Every way of not answering as a model server reads the same on the page: a closed port, a
   * database, an SSH banner, an HTTP error or a timeout told apart would make the form a port scanner
   * of this machine and its network (an attacker review told the embedded PostgreSQL port from a
   * closed one). Only "a model server answered, without the registered models" stays distinct.
   */
  private static Health down(Provider provider, String reason) {
    // The real cause is for the operator's log (a fixed code, nothing the server answered).
    log.info("Model server {} failed its check: {}", provider.name(), reason);
    String shown = reason.equals("models") ? reason : "unavailable";
    return new Health(provider.name(), false, List.of(), "ai.providers.reason." + shown);
  }

  /**
   * The provider as a request must reach it, checked now: {@code refusal} is a reason code when no
   * request may go. For plain http the host is replaced by the address just checked, so a name that
   * resolves elsewhere a moment later (DNS rebinding) cannot redirect the request; over https the
   * certificate binds the name, and a rebound address cannot present one for it.
   */
  public record Checked(Provider target, @Nullable String refusal) {}

  public Checked check(Provider provider) {
    if (provider.apiKeyEnv() != null && !Provider.keyVariableAllowed(provider.apiKeyEnv())) {
      return new Checked(provider, "key");
    }
    try {
      URI uri = new URI(provider.baseUrl());
      if (!wellFormed(uri, provider.baseUrl())) {
        return new Checked(provider, "address");
      }
      InetAddress[] addresses = InetAddress.getAllByName(uri.getHost());
      Outbound settings = outbound();
      for (InetAddress address : addresses) {
        if (!ModelServerAddress.allowed(address, settings.loopback(), settings.privateNetwork())) {
          return new Checked(provider, "address");
        }
      }
      if (!"http".equalsIgnoreCase(uri.getScheme())) {
        return new Checked(provider, null);
      }
      String literal = addresses[0].getHostAddress();
      int zone = literal.indexOf('%');
      if (zone >= 0) {
        literal = literal.substring(0, zone);
      }
      String host = literal.contains(":") ? "[" + literal + "]" : literal;
      URI pinned = new URI("http", null, host, uri.getPort(), uri.getPath(), null, null);
      return new Checked(new Provider(provider.name(), pinned.toString(), provider.models(), provider.onPremises(),
          provider.apiKeyEnv(), provider.timeoutSeconds()), null);
    } catch (URISyntaxException e) {
      return new Checked(provider, "address");
    } catch (UnknownHostException e) {
      return new Checked(provider, "unreachable");
    }
  }

  /** Why a base URL cannot be registered (a message key suffix), or null when it can. */
  private @Nullable String addressRefusal(String url) {
    try {
      URI uri = new URI(url);
      if (!wellFormed(uri, url)) {
        return "malformed";
      }
      Outbound settings = outbound();
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        ModelServerAddress.Kind kind = ModelServerAddress.kind(address);
        if (kind == ModelServerAddress.Kind.FORBIDDEN) {
          return "forbidden";
        }
        if (kind == ModelServerAddress.Kind.LOOPBACK && !settings.loopback()) {
          return "loopback";
        }
        if (kind == ModelServerAddress.Kind.PRIVATE && !settings.privateNetwork()) {
          return "private";
        }
      }
      return null;
    } catch (URISyntaxException e) {
      return "malformed";
    } catch (UnknownHostException e) {
      return "unresolved";
    }
  }

  /** http(s), a host, no user info, query or fragment. */
  private static boolean wellFormed(URI uri, String url) {
    return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
        && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
        && url.length() <= 300 && url.indexOf('@') < 0;
  }

  private void log(String kind, String... keysAndValues) {
    Map<String, String> facts = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      facts.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), kind, facts));
  }
}
