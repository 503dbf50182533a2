package org.commune.federation.protocol;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an id lives. Origin checks compare the scheme-less authority (lower-cased host and the port the URL
 * really uses), so two servers on one machine with different ports are two origins, and {@code HOST} and
 * {@code host:443} are one.
 */
public final class Hosts {

  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*");

  private Hosts() {}

  /** An absolute http(s) URL with a host, no user part, at most 2048 characters; empty for anything else. */
  public static Optional<URI> httpUrl(String text) {
    if (text.length() > 2048) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // not a URL
    }
    return Optional.empty();
  }

  /** {@code host:port} with the scheme's default port made explicit; empty for what is not an http(s) URL. */
  public static Optional<String> origin(String url) {
    return httpUrl(url).map(uri -> {
      int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
      return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    });
  }

  /** Whether both are http(s) URLs on the same origin. */
  public static boolean sameOrigin(String a, String b) {
    Optional<String> first = origin(a);
    return first.isPresent() && first.equals(origin(b));
  }

  /** The lower-cased host of an http(s) URL, without port; empty for anything else. */
  public static Optional<String> host(String url) {
    return httpUrl(url).map(uri -> uri.getHost().toLowerCase(Locale.ROOT));
  }

  /**
   * A domain as stewards type it ({@code Spam.Example}, {@code https://spam.example/about}, an internationalised
   * name) in the form stored and compared: lower-case ASCII, no scheme, path or port; empty when it is none.
   */
  public static Optional<String> domain(String typed) {
    String text = typed.strip().toLowerCase(Locale.ROOT);
    if (text.contains("://")) {
      text = text.substring(text.indexOf("://") + 3);
    }
    int end = text.length();
    for (char stop : new char[] {'/', '?', '#', ':'}) {
      int at = text.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    text = text.substring(0, end);
    if (text.endsWith(".")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      text = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return text.length() <= 253 && DOMAIN.matcher(text).matches() ? Optional.of(text) : Optional.empty();
  }
}
