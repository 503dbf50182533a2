package org.commune.federation.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.commune.federation.FederationSettings;
import org.commune.federation.http.SignatureRefused.Reason;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides who signed an inbound request. The cheap checks come first (covered headers, time, digest), so a
 * flood of stale or tampered requests costs no key fetch; then the key comes from {@link RemoteActors}
 * (cached), and the RSA signature is checked. Key rotation has no protocol: when a signature fails with
 * the cached key, the key is fetched again — at most once per key per {@link #REFETCH_INTERVAL}, so a
 * flood of bad signatures cannot make Commune hammer a server (or itself).
 */
@Component
public class InboundVerifier {

  /** At most one refetch of a key (after a failed signature or a failed fetch) per this interval. */
  public static final Duration REFETCH_INTERVAL = Duration.ofMinutes(10);
  /** How many keys' last refetch is remembered before old ones are forgotten. */
  private static final int REMEMBERED = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(InboundVerifier.class);

  private final RemoteActors actors;
  private final Clock clock;
  /** How servers reach Commune (the scheme of the public URL): part of an RFC 9421 {@code @target-uri}. */
  private final String scheme;
  /** Commune's own host and port (from the public URL): the one host a signature may be addressed to. */
  private final String authority;
  private final Map<String, Instant> lastRefetch = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastFailure = new ConcurrentHashMap<>();

  @Autowired
  InboundVerifier(RemoteActors actors, FederationSettings settings, Clock clock) {
    this.actors = actors;
    this.clock = clock;
    URI publicUrl = URI.create(settings.publicUrl());
    this.scheme = publicUrl.getScheme().toLowerCase(Locale.ROOT);
    this.authority = authority(publicUrl.getHost(), publicUrl.getPort());
  }

  /** Whether a parsed signature is the given key's. */
  @FunctionalInterface
  private interface KeyCheck {
    boolean matches(PublicKey key) throws SignatureRefused;
  }

  /** One signature, parsed and through the cheap checks: what is left is the key. */
  private record Candidate(String keyId, KeyCheck check) {
    boolean matches(PublicKey key) throws SignatureRefused {
      return check.matches(key);
    }
  }

  /**
   * Verifies draft-cavage and RFC 9421 signatures (9421 when a {@code Signature-Input} is present, as
   * Mastodon sends both during the transition): covered headers, time, digest, RSA signature with the key
   * fetched through RemoteActors; on a bad signature refetches the key at most once per key per 10 minutes
   * (key rotation), then decides.
   */
  public VerifiedSender verify(InboundRequest request) throws SignatureRefused {
    try {
      return verified(request);
    } catch (SignatureRefused e) {
      LOG.debug("Signature refused: {}", e.reason());
      throw e;
    }
  }

  private VerifiedSender verified(InboundRequest request) throws SignatureRefused {
    Instant now = clock.instant();
    Candidate signature = candidate(request, now);
    String keyId = signature.keyId();
    RemoteActor actor = actor(keyId, false, now);
    if (signature.matches(key(actor))) {
      return new VerifiedSender(keyId, actor.id());
    }
    if (!onceInAWhile(lastRefetch, keyId, now)) {
      throw new SignatureRefused(Reason.BAD_SIGNATURE, "the signature does not match");
    }
    RemoteActor refreshed = actor(keyId, true, now);
    if (signature.matches(key(refreshed))) {
      return new VerifiedSender(keyId, refreshed.id());
    }
    throw new SignatureRefused(Reason.BAD_SIGNATURE, "the signature does not match");
  }

  private Candidate candidate(InboundRequest request, Instant now) throws SignatureRefused {
    if (MessageSignatures.present(request)) {
      MessageSignatures.Parsed signature = MessageSignatures.parse(request);
      checkHost(request);
      MessageSignatures.check(request, signature, now);
      return new Candidate(signature.keyId(), key -> MessageSignatures.matches(request, signature, scheme, key));
    }
    HttpSignatures.Cavage signature = HttpSignatures.parseCavage(cavageHeader(request));
    checkHost(request);
    HttpSignatures.checkCavage(request, signature, now);
    return new Candidate(signature.keyId(), key -> HttpSignatures.cavageMatches(request, signature, key));
  }

  /**
   * Both kinds of signature vouch for the Host header (draft-cavage signs it, RFC 9421 derives
   * {@code @authority} and {@code @target-uri} from it), so it must be Commune's own: a delivery signed for
   * another server, replayed here, is refused before any key is fetched.
   */
  private void checkHost(InboundRequest request) throws SignatureRefused {
    String host = request.header("host");
    if (host == null) {
      throw new SignatureRefused(Reason.HEADERS_MISSING, "no Host header");
    }
    URI given;
    try {
      given = new URI(scheme + "://" + host.trim() + "/");
    } catch (URISyntaxException e) {
      throw new SignatureRefused(Reason.WRONG_HOST, "the Host is not a host");
    }
    if (given.getHost() == null || given.getRawUserInfo() != null || !"/".equals(given.getRawPath())
        || given.getRawQuery() != null || given.getRawFragment() != null
        || !authority(given.getHost(), given.getPort()).equals(authority)) {
      throw new SignatureRefused(Reason.WRONG_HOST, "signed for another host");
    }
  }

  /** host:port in lower case, the scheme's default port written out (Host may carry it or not). */
  private String authority(String host, int port) {
    int effective = port != -1 ? port : scheme.equals("https") ? 443 : 80;
    return host.toLowerCase(Locale.ROOT) + ":" + effective;
  }

  private static String cavageHeader(InboundRequest request) throws SignatureRefused {
    String signature = request.header("signature");
    if (signature != null) {
      return signature;
    }
    String authorization = request.header("authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Signature ", 0, 10)) {
      return authorization.substring(10).trim();
    }
    throw new SignatureRefused(Reason.UNSIGNED, "no Signature header");
  }

  /**
   * The key's actor, from the cache or fetched; a key that could not be fetched is not asked for again
   * within the interval (a flood signed with an unknown key costs one fetch).
   */
  private RemoteActor actor(String keyId, boolean refresh, Instant now) throws SignatureRefused {
    Instant failed = lastFailure.get(keyId);
    if (failed != null && failed.isAfter(now.minus(REFETCH_INTERVAL))) {
      throw new SignatureRefused(Reason.KEY_UNAVAILABLE, "the key could not be fetched a moment ago");
    }
    try {
      return refresh ? actors.refreshByKeyId(keyId) : actors.byKeyId(keyId);
    } catch (RemoteRefused e) {
      if (!refresh) {
        // Only a key Commune has no copy of is barred for a while: a failed refetch (the peer down, or a
        // forger's request prompting it) must not shut out the key holder's own, well-signed requests.
        onceInAWhile(lastFailure, keyId, now);
      }
      LOG.debug("Key {} unavailable: {}", host(keyId), e.reason());
      throw new SignatureRefused(switch (e.reason()) {
        case KEY_OWNER_MISMATCH, KEY_HOST_MISMATCH -> Reason.KEY_OWNER_MISMATCH;
        default -> Reason.KEY_UNAVAILABLE;
      }, "the key could not be used");
    }
  }

  private static PublicKey key(RemoteActor actor) throws SignatureRefused {
    try {
      return ActorKeys.parsePem(actor.publicKeyPem());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SignatureRefused(Reason.KEY_UNAVAILABLE, "the key is not readable");
    }
  }

  /**
   * Records {@code now} for the key and says true when nothing was recorded within the interval: one
   * refetch per key per interval, whatever the number of requests signed with it.
   */
  private static boolean onceInAWhile(Map<String, Instant> last, String keyId, Instant now) {
    if (last.size() > REMEMBERED) {
      last.values().removeIf(at -> at.isBefore(now.minus(REFETCH_INTERVAL)));
      if (last.size() > REMEMBERED) {
        last.clear();
      }
    }
    boolean[] allowed = {false};
    last.compute(keyId, (key, previous) -> {
      if (previous == null || !previous.isAfter(now.minus(REFETCH_INTERVAL))) {
        allowed[0] = true;
        return now;
      }
      return previous;
    });
    return allowed[0];
  }

  private static @Nullable String host(String url) {
    try {
      return URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
