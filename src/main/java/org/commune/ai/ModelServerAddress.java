package org.commune.ai;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where Commune may send a request to a model server. A steward's URL must never turn the server
 * into a proxy towards what only it can reach: cloud metadata services (instance credentials),
 * special-purpose ranges, or this machine's and the private network's services unless a steward
 * turned that on explicitly (a local llama.cpp is the usual case). IPv6 forms that carry an IPv4
 * address (mapped, compatible, NAT64, 6to4) are judged by the address they carry.
 */
final class ModelServerAddress {

  /** How an address is judged: always allowed, allowed only by a steward's setting, or never. */
  enum Kind { PUBLIC, LOOPBACK, PRIVATE, FORBIDDEN }

  private ModelServerAddress() {}

  /** Whether a request may go to {@code address} under the steward's settings. */
  static boolean allowed(InetAddress address, boolean loopback, boolean privateNetwork) {
    return switch (kind(address)) {
      case PUBLIC -> true;
      case LOOPBACK -> loopback;
      case PRIVATE -> privateNetwork;
      case FORBIDDEN -> false;
    };
  }

  static Kind kind(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return kind4(b);
    }
    if (!(address instanceof Inet6Address) || b.length != 16) {
      return Kind.FORBIDDEN;
    }
    return kind6(b);
  }

  private static Kind kind4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    int a3 = b[3] & 0xff;
    if (a0 == 0) {
      return Kind.FORBIDDEN; // 0.0.0.0/8: "this network"; 0.0.0.0 reaches this machine on Linux
    }
    if (a0 == 127) {
      return Kind.LOOPBACK;
    }
    if (a0 == 169 && a1 == 254) {
      return Kind.FORBIDDEN; // link-local: AWS, GCP, Azure, OpenStack metadata (169.254.169.254)
    }
    if (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200) {
      return Kind.FORBIDDEN; // Alibaba Cloud metadata
    }
    if (a0 == 192 && a1 == 0 && a2 == 0) {
      return Kind.FORBIDDEN; // 192.0.0.0/24 IETF protocol assignments; 192.0.0.192 is Oracle Cloud's metadata
    }
    if (a0 == 192 && a1 == 0 && a2 == 2 || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113) {
      return Kind.FORBIDDEN; // documentation ranges: never a real server
    }
    if (a0 == 198 && (a1 == 18 || a1 == 19)) {
      return Kind.FORBIDDEN; // benchmarking
    }
    if (a0 == 192 && a1 == 88 && a2 == 99) {
      return Kind.FORBIDDEN; // deprecated 6to4 relay anycast
    }
    if (a0 >= 224) {
      return Kind.FORBIDDEN; // multicast, reserved, broadcast
    }
    if (a0 == 10 || a0 == 172 && a1 >= 16 && a1 <= 31 || a0 == 192 && a1 == 168) {
      return Kind.PRIVATE;
    }
    if (a0 == 100 && a1 >= 64 && a1 <= 127) {
      return Kind.PRIVATE; // carrier-grade NAT shared space: reaches the provider's network, not the internet
    }
    return Kind.PUBLIC;
  }

  private static Kind kind6(byte[] b) {
    boolean zero10 = true;
    for (int i = 0; i < 10; i++) {
      zero10 &= b[i] == 0;
    }
    if (zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return kind4(last4(b)); // ::ffff:a.b.c.d, IPv4-mapped
    }
    if (zero10 && b[10] == 0 && b[11] == 0) {
      if (isZero(b, 12, 16)) {
        return Kind.FORBIDDEN; // :: unspecified
      }
      if (isZero(b, 12, 15) && b[15] == 1) {
        return Kind.LOOPBACK; // ::1
      }
      return worst(Kind.PRIVATE, kind4(last4(b))); // ::a.b.c.d, deprecated IPv4-compatible form
    }
    int w0 = word(b, 0);
    int w1 = word(b, 1);
    if (w0 == 0x0064 && w1 == 0xff9b) {
      if (isZero(b, 4, 12)) {
        return kind4(last4(b)); // 64:ff9b::/96, NAT64 well-known prefix: the gateway reaches the IPv4 address
      }
      if (word(b, 2) == 0x0001) {
        return worst(Kind.PRIVATE, kind4(last4(b))); // 64:ff9b:1::/48, local-use NAT64
      }
    }
    if (w0 == 0x2002) {
      return worst(Kind.PRIVATE, kind4(new byte[] {b[2], b[3], b[4], b[5]})); // 6to4 carries an IPv4 address
    }
    if (w0 == 0x2001 && w1 == 0x0000) {
      return Kind.FORBIDDEN; // Teredo: an obfuscated IPv4 address behind a relay
    }
    if (w0 == 0x2001 && w1 == 0x0db8) {
      return Kind.FORBIDDEN; // documentation
    }
    if (w0 == 0x0100 && isZero(b, 2, 8)) {
      return Kind.FORBIDDEN; // discard-only
    }
    if ((b[0] & 0xff) == 0xff) {
      return Kind.FORBIDDEN; // multicast
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
      return Kind.FORBIDDEN; // fe80::/10 link-local (metadata services live there too)
    }
    if (w0 == 0xfd00 && word(b, 1) == 0x0ec2 && isZero(b, 4, 14) && word(b, 7) == 0x0254) {
      return Kind.FORBIDDEN; // fd00:ec2::254, AWS metadata over IPv6
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return Kind.PRIVATE; // fc00::/7 unique local
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return Kind.PRIVATE; // fec0::/10, deprecated site-local
    }
    return Kind.PUBLIC;
  }

  private static Kind worst(Kind a, Kind b) {
    if (a == Kind.FORBIDDEN || b == Kind.FORBIDDEN) {
      return Kind.FORBIDDEN;
    }
    if (a == Kind.LOOPBACK || b == Kind.LOOPBACK) {
      return Kind.LOOPBACK;
    }
    return a == Kind.PRIVATE || b == Kind.PRIVATE ? Kind.PRIVATE : Kind.PUBLIC;
  }

  private static byte[] last4(byte[] b) {
    return new byte[] {b[12], b[13], b[14], b[15]};
  }

  private static int word(byte[] b, int i) {
    return (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** A host written as a literal address, read without a DNS lookup. */
  static InetAddress literal(String text) throws UnknownHostException {
    String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!t.matches("[0-9a-fA-F:.]+")) {
      throw new UnknownHostException("not a literal address");
    }
    return InetAddress.getByName(t);
  }
}
