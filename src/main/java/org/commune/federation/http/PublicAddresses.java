package org.commune.federation.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which hosts and addresses federation may connect to. A host is refused for its spelling before any
 * look-up when it is a number in a form browsers and resolvers read differently ({@code 2130706433},
 * {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}: each is 127.0.0.1 to someone), or an IPv6 literal
 * that carries an IPv4 address; an address is refused when it is not on the public Internet (loopback,
 * RFC 1918, CGNAT, link-local, multicast, unspecified, documentation and benchmark ranges, unique-local
 * IPv6, and the IPv6 forms that embed an IPv4 address Commune would refuse).
 */
final class PublicAddresses {

  private static final Pattern CANONICAL_IPV4 =
      Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  /** A last label that is all digits, or hex: no real domain ends so (RFC 3696 §2), only numbers do. */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");

  private PublicAddresses() {}

  /** Refuses a host spelled as a non-canonical number or as an IPv6 literal embedding IPv4. */
  static void checkSpelling(String host) throws OutboundHttp.AddressRefused {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      if (!name.endsWith("]") || name.indexOf('.') >= 0) {
        // ::ffff:127.0.0.1, ::127.0.0.1 and 64:ff9b::10.0.0.1 are IPv4 in disguise
        throw new OutboundHttp.AddressRefused("an IPv6 literal with an IPv4 address inside");
      }
      try {
        // Java reads ::ffff:7f00:1 as the IPv4 address it maps: refused whatever IPv4 address it is
        InetAddress address = InetAddress.getByName(name);
        if (address instanceof Inet4Address || embedsIpv4(address.getAddress())) {
          throw new OutboundHttp.AddressRefused("an IPv4-mapped IPv6 literal");
        }
      } catch (UnknownHostException e) {
        throw new OutboundHttp.AddressRefused("not an IPv6 literal");
      }
      return;
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    String last = name.substring(name.lastIndexOf('.') + 1);
    if (NUMERIC_LABEL.matcher(last).matches() && !CANONICAL_IPV4.matcher(name).matches()) {
      throw new OutboundHttp.AddressRefused("a host written as a number in a non-canonical form");
    }
  }

  /** Thrown from inside the resolver, so that the refusal happens on the very address the socket would use. */
  static final class Refused extends UnknownHostException {
    Refused(String host) {
      super("the address of " + host + " is not public");
    }
  }

  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isMulticastAddress() || address.isAnyLocalAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isPublicV4(b, 0);
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if ((first & 0xfe) == 0xfc // unique local fc00::/7
          || first == 0xff // multicast
          || (first == 0xfe && (second & 0xc0) == 0xc0) // site-local fec0::/10 (deprecated, still routed locally)
          || (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) // 2001:db8::/32
          || (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) // Teredo 2001::/32 hides an IPv4
          || (first == 0x01 && second == 0 && allZero(b, 2, 8))) { // discard-only 100::/64
        return false;
      }
      if (allZero(b, 0, 8)) {
        // IPv4-mapped ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96 (RFC 2765), IPv4-compatible ::/96, ::
        // and ::1: nothing in ::/64 is a public IPv6 host
        return false;
      }
      if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
        // NAT64 64:ff9b::/96 reaches the embedded IPv4; 64:ff9b:1::/48 is for local use only
        return b[4] == 0 && b[5] == 0 && allZero(b, 6, 12) && isPublicV4(b, 12);
      }
      if (first == 0x20 && second == 0x02) {
        return isPublicV4(b, 2); // 6to4 2002::/16 routes to the embedded IPv4
      }
      return true;
    }
    return false;
  }

  /**
   * An IPv6 address in ::/64 other than :: and ::1 (IPv4-compatible, IPv4-mapped, IPv4-translated
   * {@code ::ffff:0:a.b.c.d}): an IPv4 address written in hex, which no ordinary address looks like.
   */
  private static boolean embedsIpv4(byte[] b) {
    return b.length == 16 && allZero(b, 0, 8) && !(allZero(b, 8, 15) && (b[15] == 0 || b[15] == 1));
  }

  private static boolean isPublicV4(byte[] bytes, int at) {
    int a = bytes[at] & 0xff;
    int b = bytes[at + 1] & 0xff;
    int c = bytes[at + 2] & 0xff;
    return a != 0 // "this network" 0/8
        && a != 10 // RFC 1918
        && a != 127 // loopback
        && !(a == 100 && b >= 64 && b < 128) // CGNAT 100.64/10
        && !(a == 169 && b == 254) // link-local
        && !(a == 172 && b >= 16 && b < 32) // RFC 1918
        && !(a == 192 && b == 168) // RFC 1918
        && !(a == 192 && b == 0 && (c == 0 || c == 2)) // IETF protocol assignments, TEST-NET-1
        && !(a == 192 && b == 88 && c == 99) // 6to4 relay anycast (deprecated, RFC 7526): reaches whoever announces it
        && !(a == 198 && (b == 18 || b == 19)) // benchmarking
        && !(a == 198 && b == 51 && c == 100) // TEST-NET-2
        && !(a == 203 && b == 0 && c == 113) // TEST-NET-3
        && a < 224; // multicast 224/4, reserved 240/4, broadcast
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
