package org.commune.federation.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.commune.federation.FederationSettings;
import org.commune.federation.FederationUrls;
import org.springframework.stereotype.Component;

/**
 * The outbound client (first version: resolves and checks the host, no redirects, capped answers).
 * Hardening (connecting to the checked address, re-checked redirects) belongs to this class alone.
 */
@Component
class GuardedHttp implements OutboundHttp {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final ActorKeys keys;
  private final FederationUrls urls;
  private final FederationSettings settings;
  private final Clock clock;

  GuardedHttp(ActorKeys keys, FederationUrls urls, FederationSettings settings, Clock clock) {
    this.keys = keys;
    this.urls = urls;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Response get(URI uri, String accept) throws IOException, AddressRefused {
    check(uri);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", accept).GET();
    signed(request, "GET", uri, null);
    return send(request.build(), uri);
  }

  @Override
  public Response post(URI uri, String contentType, byte[] body) throws IOException, AddressRefused {
    check(uri);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signed(request, "POST", uri, body);
    return send(request.build(), uri);
  }

  private void signed(HttpRequest.Builder request, String method, URI uri, byte[] body) {
    Map<String, String> headers = HttpSignatures.sign(method, uri, body, urls.keyId(), keys.privateKey(), clock.instant());
    headers.forEach((name, value) -> {
      if (!name.equals("Host")) { // the JDK client sets Host itself, to the same value
        request.header(name, value);
      }
    });
    request.header("User-Agent", "Commune (+" + urls.base() + ")");
  }

  private Response send(HttpRequest request, URI uri) throws IOException {
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES + 1);
        if (bytes.length > MAX_RESPONSE_BYTES) {
          throw new IOException("the answer from " + uri.getHost() + " is larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        return new Response(response.statusCode(), response.headers().map(), bytes, uri);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  void check(URI uri) throws AddressRefused {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new AddressRefused("only http and https addresses with a host name");
    }
    if (settings.allowPrivateAddresses()) {
      return;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        if (!isPublic(address)) {
          throw new AddressRefused("the address of " + uri.getHost() + " is not public");
        }
      }
    } catch (UnknownHostException e) {
      throw new AddressRefused("unknown host " + uri.getHost());
    }
  }

  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isMulticastAddress() || address.isAnyLocalAddress()) {
      return false;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = bytes[0] & 0xff;
      int second = bytes[1] & 0xff;
      return first != 0 && !(first == 100 && second >= 64 && second < 128) && first < 224
          && !(first == 198 && (second == 18 || second == 19)) && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0);
    }
    if (address instanceof Inet6Address) {
      int first = bytes[0] & 0xff;
      return (first & 0xfe) != 0xfc; // unique local fc00::/7
    }
    return false;
  }
}
