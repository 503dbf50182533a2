package org.commune.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who is really asking. Behind a reverse proxy every request comes from the proxy's address, so
 * rate limits would put all visitors in one bucket; but anyone can write an X-Forwarded-For header,
 * so forwarded headers are believed only when the direct peer is one of the configured trusted
 * proxies ({@code commune.trusted-proxies}, none by default). The client is then the first address,
 * from the right, that is not itself a trusted proxy. When the public URL is https, every request is
 * treated as secure (the visitor reached us over TLS, directly or through the proxy), so that
 * cookies are marked Secure and HSTS is sent.
 */
public final class ForwardedClients extends OncePerRequestFilter {

  /** Headers by which proxies say whom they forward for; the metrics endpoint refuses any of them. */
  static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP", "X-Forwarded-Host");

  /** Request attribute: true when the request came through a trusted proxy. */
  static final String VIA_PROXY = ForwardedClients.class.getName() + ".viaProxy";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private final List<Range> trusted;
  private final boolean httpsPublicUrl;

  ForwardedClients(String trustedProxies, boolean httpsPublicUrl) {
    this.trusted = parseRanges(trustedProxies);
    this.httpsPublicUrl = httpsPublicUrl;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String peer = request.getRemoteAddr();
    boolean viaProxy = isTrusted(peer);
    String client = viaProxy ? clientBehind(request, peer) : peer;
    boolean secure = httpsPublicUrl || request.isSecure() || (viaProxy && "https".equals(forwardedProto(request)));
    request.setAttribute(VIA_PROXY, viaProxy);
    chain.doFilter(new Resolved(request, client, secure), response);
  }

  /** True when the request carries any header by which a proxy names a client. */
  static boolean forwarded(HttpServletRequest request) {
    return FORWARDING_HEADERS.stream().anyMatch(h -> request.getHeader(h) != null);
  }

  private String clientBehind(HttpServletRequest request, String peer) {
    List<String> hops = new ArrayList<>();
    String forwarded = request.getHeader("Forwarded");
    if (forwarded != null) {
      for (String element : forwarded.split(",")) {
        for (String pair : element.split(";")) {
          String[] kv = pair.strip().split("=", 2);
          if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("for")) {
            hops.add(kv[1].strip().replace("\"", ""));
          }
        }
      }
    } else {
      Collections.list(request.getHeaders("X-Forwarded-For"))
          .forEach(h -> { for (String hop : h.split(",")) hops.add(hop.strip()); });
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String address = literal(hops.get(i));
      if (address == null) {
        // "unknown", an obfuscated name or garbage: nothing beyond it can be believed.
        break;
      }
      client = address;
      if (!isTrusted(address)) {
        break;
      }
    }
    return client;
  }

  private static @Nullable String forwardedProto(HttpServletRequest request) {
    String forwarded = request.getHeader("Forwarded");
    if (forwarded != null) {
      String first = forwarded.split(",")[0];
      for (String pair : first.split(";")) {
        String[] kv = pair.strip().split("=", 2);
        if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("proto")) {
          return kv[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
        }
      }
      return null;
    }
    String proto = request.getHeader("X-Forwarded-Proto");
    return proto == null ? null : proto.split(",")[0].strip().toLowerCase(Locale.ROOT);
  }

  private boolean isTrusted(String address) {
    if (trusted.isEmpty()) {
      return false;
    }
    byte[] bytes = bytesOf(address);
    return bytes != null && trusted.stream().anyMatch(r -> r.contains(bytes));
  }

  /** The address if the text is an IP literal (with an optional port or brackets), else null; never asks DNS. */
  static @Nullable String literal(String text) {
    String t = text.strip();
    if (t.startsWith("[")) {
      int end = t.indexOf(']');
      if (end < 0) {
        return null;
      }
      t = t.substring(1, end);
    } else if (t.indexOf(':') == t.lastIndexOf(':') && t.indexOf(':') > 0) {
      t = t.substring(0, t.indexOf(':')); // IPv4 with a port
    }
    return bytesOf(t) == null ? null : t;
  }

  private static byte @Nullable [] bytesOf(String address) {
    if (!(IPV4.matcher(address).matches() || (address.contains(":") && IPV6.matcher(address).matches()))) {
      return null;
    }
    try {
      // A literal: no DNS lookup happens.
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  static List<Range> parseRanges(String list) {
    List<Range> ranges = new ArrayList<>();
    for (String item : list.split("[,\\s]+")) {
      if (item.isBlank()) {
        continue;
      }
      String[] parts = item.split("/", 2);
      byte[] base = bytesOf(parts[0]);
      if (base == null) {
        throw new IllegalArgumentException("commune.trusted-proxies: not an IP address or CIDR range: " + item);
      }
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : base.length * 8;
      if (bits < 0 || bits > base.length * 8) {
        throw new IllegalArgumentException("commune.trusted-proxies: bad prefix length in " + item);
      }
      ranges.add(new Range(base, bits));
    }
    return List.copyOf(ranges);
  }

  record Range(byte[] base, int bits) {
    boolean contains(byte[] address) {
      byte[] a = address;
      byte[] b = base;
      if (a.length != b.length) {
        // IPv4-mapped IPv6 against an IPv4 range, and the reverse.
        a = unmapped(a);
        b = unmapped(b);
        if (a.length != b.length) {
          return false;
        }
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != b[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (a[full] & mask) == (b[full] & mask);
    }

    private static byte[] unmapped(byte[] address) {
      if (address.length == 16) {
        for (int i = 0; i < 10; i++) {
          if (address[i] != 0) {
            return address;
          }
        }
        if (address[10] == (byte) 0xFF && address[11] == (byte) 0xFF) {
          return new byte[] {address[12], address[13], address[14], address[15]};
        }
      }
      return address;
    }
  }

  private static final class Resolved extends HttpServletRequestWrapper {
    private final String client;
    private final boolean secure;

    Resolved(HttpServletRequest request, String client, boolean secure) {
      super(request);
      this.client = client;
      this.secure = secure;
    }

    @Override
    public String getRemoteAddr() {
      return client;
    }

    @Override
    public String getRemoteHost() {
      return client;
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getScheme() {
      return secure ? "https" : super.getScheme();
    }
  }
}
