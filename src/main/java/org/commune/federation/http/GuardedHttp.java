package org.commune.federation.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.commune.federation.FederationSettings;
import org.commune.federation.FederationUrls;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one outbound client (see {@link OutboundHttp} for the promise). How the SSRF guard holds:
 * <ul>
 *   <li>a URL must be http(s) with a host and no user info; a host spelled as a non-canonical number or
 *       as an IPv6 literal hiding an IPv4 address is refused before any look-up ({@link PublicAddresses});
 *   <li>the connection's own DNS resolver checks every address it returns and refuses the lot when one
 *       is not public — the socket connects to exactly the addresses checked, so a DNS answer that changes
 *       between a check and the connection (rebinding) cannot slip through;
 *   <li>no proxy, no cookies, no automatic retries, no transparent decompression (a 1 MB cap on a gzip
 *       bomb would be a cap on the wrong thing); redirects of a GET are followed by hand, at most
 *       {@value #MAX_REDIRECTS}, each one checked and signed anew; a POST's redirect is answered as is;
 *   <li>answers are capped at {@link OutboundHttp#MAX_RESPONSE_BYTES} and the whole call, redirects
 *       included, at {@link #TOTAL} — a server that drips one byte at a time is cut off at the deadline.
 * </ul>
 * {@code commune.federation.allow-private-addresses} lifts the address rule only (tests on loopback).
 */
@Component
class GuardedHttp implements OutboundHttp, AutoCloseable {

  /** How long one call may take, connection, redirects and reading included. */
  static final Duration TOTAL = Duration.ofSeconds(10);
  static final int MAX_REDIRECTS = 3;

  /** How host names become addresses; tests map {@code evil.example} to 127.0.0.1 with it. */
  @FunctionalInterface
  interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("federation-http-deadline").factory());

  private final ActorKeys keys;
  private final FederationUrls urls;
  private final Clock clock;
  private final HostResolver hosts;
  private final Predicate<InetAddress> allowed;
  private final Duration total;
  private final CloseableHttpClient client;

  @Autowired
  GuardedHttp(ActorKeys keys, FederationUrls urls, FederationSettings settings, Clock clock) {
    this(keys, urls, clock, InetAddress::getAllByName,
        settings.allowPrivateAddresses() ? address -> true : PublicAddresses::isPublic, TOTAL);
  }

  /**
   * For tests: {@code allowed} is the address rule ({@link PublicAddresses#isPublic} unless private
   * addresses are allowed); a test may let one loopback address stand for the public Internet.
   */
  GuardedHttp(ActorKeys keys, FederationUrls urls, Clock clock, HostResolver hosts, Predicate<InetAddress> allowed,
      Duration total) {
    this.keys = keys;
    this.urls = urls;
    this.clock = clock;
    this.hosts = hosts;
    this.allowed = allowed;
    this.total = total;
    Timeout timeout = Timeout.of(total);
    this.client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new CheckingResolver())
            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
            .setMaxConnTotal(64).setMaxConnPerRoute(4)
            .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).setConnectionRequestTimeout(timeout)
            .setRedirectsEnabled(false).build())
        .disableRedirectHandling().disableCookieManagement().disableAuthCaching().disableAutomaticRetries()
        .disableContentCompression().disableDefaultUserAgent()
        .build();
  }

  @Override
  public Response get(URI uri, String accept) throws IOException, AddressRefused {
    long deadline = System.nanoTime() + total.toNanos();
    URI current = uri;
    for (int redirects = 0; ; redirects++) {
      check(current);
      Response response = exchange("GET", current, Map.of("Accept", accept), null, deadline);
      String location = firstHeader(response, "location");
      if (!isRedirect(response.status()) || location == null) {
        return response;
      }
      if (redirects == MAX_REDIRECTS) {
        throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + uri.getHost());
      }
      try {
        current = current.resolve(location.trim());
      } catch (IllegalArgumentException e) {
        throw new IOException("a redirect from " + current.getHost() + " to something that is not a URL");
      }
    }
  }

  @Override
  public Response post(URI uri, String contentType, byte[] body) throws IOException, AddressRefused {
    check(uri);
    return exchange("POST", uri, Map.of("Content-Type", contentType), body, System.nanoTime() + total.toNanos());
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static @Nullable String firstHeader(Response response, String name) {
    List<String> values = response.headers().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private Response exchange(String method, URI uri, Map<String, String> extra, byte @Nullable [] body, long deadline)
      throws IOException, AddressRefused {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new IOException("no answer from " + uri.getHost() + " within " + total.toSeconds() + " s");
    }
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
    HttpSignatures.sign(method, uri, body, urls.keyId(), keys.privateKey(), clock.instant()).forEach(request::setHeader);
    extra.forEach(request::setHeader);
    request.setHeader("User-Agent", "Commune (+" + urls.base() + ")");
    if (body != null) {
      request.setEntity(new ByteArrayEntity(body, ContentType.parse(extra.get("Content-Type"))));
    }
    ScheduledFuture<?> cutOff = DEADLINES.schedule(request::cancel, remaining, TimeUnit.NANOSECONDS);
    try {
      return client.execute(request, answer -> {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : answer.getHeaders()) {
          headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
        }
        return new Response(answer.getCode(), headers, capped(answer.getEntity(), uri), uri);
      });
    } catch (PublicAddresses.Refused e) {
      throw new AddressRefused("the address of " + uri.getHost() + " is not public");
    } catch (UnknownHostException e) {
      throw new AddressRefused("unknown host " + uri.getHost());
    } catch (IOException | RuntimeException e) {
      if (request.isCancelled()) {
        throw new IOException("no complete answer from " + uri.getHost() + " within " + total.toSeconds() + " s");
      }
      throw e instanceof IOException io ? io : new IOException("the connection to " + uri.getHost() + " failed", e);
    } finally {
      cutOff.cancel(false);
    }
  }

  private static byte[] capped(@Nullable HttpEntity entity, URI uri) throws IOException {
    if (entity == null) {
      return new byte[0];
    }
    if (entity.getContentLength() > MAX_RESPONSE_BYTES) {
      throw new IOException("the answer from " + uri.getHost() + " is larger than " + MAX_RESPONSE_BYTES + " bytes");
    }
    try (InputStream in = entity.getContent()) {
      byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new IOException("the answer from " + uri.getHost() + " is larger than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return bytes;
    }
  }

  /** The checks that need no connection: scheme, user info, the host's spelling, and its addresses. */
  void check(URI uri) throws AddressRefused {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new AddressRefused("only http and https addresses with a host name");
    }
    PublicAddresses.checkSpelling(uri.getHost());
    try {
      new CheckingResolver().resolve(uri.getHost());
    } catch (PublicAddresses.Refused e) {
      throw new AddressRefused("the address of " + uri.getHost() + " is not public");
    } catch (UnknownHostException e) {
      throw new AddressRefused("unknown host " + uri.getHost());
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  /** The resolver the sockets use: every address it hands out has passed the rule. */
  private final class CheckingResolver implements DnsResolver {

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      InetAddress[] addresses = hosts.resolve(bare);
      for (InetAddress address : addresses) {
        if (!allowed.test(address)) {
          throw new PublicAddresses.Refused(host);
        }
      }
      return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }
}
