package org.commune.federation;

import java.net.URI;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Federation's settings (docs/configuration.md). Every one has a safe default: private and loopback
 * addresses are refused on every outbound fetch unless {@code commune.federation.allow-private-addresses}
 * is set — only tests and a federation of instances on one machine set it.
 */
@Component
public class FederationSettings {

  private final String publicUrl;
  private final String handle;
  private final boolean allowPrivateAddresses;
  private final int inboxMaxBytes;

  @Autowired
  FederationSettings(
      @Value("${commune.public-url}") String publicUrl,
      @Value("${commune.federation.handle:org}") String handle,
      @Value("${commune.federation.allow-private-addresses:false}") boolean allowPrivateAddresses,
      @Value("${commune.federation.inbox-max-bytes:1048576}") int inboxMaxBytes) {
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    if (!handle.matches("[a-z0-9_]{1,30}")) {
      throw new IllegalStateException(
          "commune.federation.handle must be 1 to 30 of a-z, 0-9 and _ (it becomes @handle@host): " + handle);
    }
    this.handle = handle;
    this.allowPrivateAddresses = allowPrivateAddresses;
    this.inboxMaxBytes = inboxMaxBytes;
  }

  public FederationSettings(String publicUrl, String handle, boolean allowPrivateAddresses) {
    this(publicUrl, handle, allowPrivateAddresses, 1_048_576);
  }

  /** The public base URL, without a trailing slash: every actor and object id starts with it. */
  public String publicUrl() {
    return publicUrl;
  }

  /** The host (with its port when not the default): the part after the @ in {@code @handle@host}. */
  public String host() {
    URI uri = URI.create(publicUrl);
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** The organisation actor's preferred username. */
  public String handle() {
    return handle;
  }

  /** Whether outbound fetches may reach loopback and private addresses (tests only; off by default). */
  public boolean allowPrivateAddresses() {
    return allowPrivateAddresses;
  }

  /** Inbox bodies above this many bytes are refused before they are parsed (Mastodon caps at 1 MB). */
  public int inboxMaxBytes() {
    return inboxMaxBytes;
  }
}
