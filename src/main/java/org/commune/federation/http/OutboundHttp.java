package org.commune.federation.http;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The one way federation reaches other servers. Every request is signed as the organisation actor and
 * guarded against SSRF: the host is resolved once and refused when any address is loopback, private,
 * link-local, multicast, unspecified or IPv4-mapped (unless the test-only setting allows private
 * addresses); redirects are followed at most a few times, each checked the same way; answers are capped
 * in size and time. Nothing else in the module opens a connection.
 */
public interface OutboundHttp {

  /** The largest answer read, in bytes (Mastodon caps bodies at 1 MB). */
  int MAX_RESPONSE_BYTES = 1_048_576;

  record Response(int status, Map<String, List<String>> headers, byte[] body, URI uri) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** A signed GET (Mastodon's "authorized fetch" needs it). */
  Response get(URI uri, String accept) throws IOException, AddressRefused;

  /** A signed POST with a Digest of the body. */
  Response post(URI uri, String contentType, byte[] body) throws IOException, AddressRefused;

  /** The address is one Commune never connects to (or the URL is not http/https). */
  final class AddressRefused extends Exception {
    public AddressRefused(String message) {
      super(message, null, false, false);
    }
  }
}
