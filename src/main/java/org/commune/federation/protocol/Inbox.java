package org.commune.federation.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.HttpSignatures;
import org.commune.federation.http.InboundRequest;
import org.commune.federation.http.InboundVerifier;
import org.commune.federation.http.MessageSignatures;
import org.commune.federation.http.SignatureRefused;
import org.commune.federation.http.VerifiedSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What the inbox does with a delivery, cheapest refusal first: a blocked domain is refused before any key
 * is fetched; then the signature (fetching the key through RemoteActors); then the verified sender's host
 * over its share (charged only once verified, so a forger cannot spend another server's share); then the
 * JSON, field by field; then the activity's actor must be the key's owner. What passes is stored and
 * answered 202 at once; {@link InboxProcessor} acts on it in the background. A replayed activity id is
 * acknowledged and ignored; an activity of a type Commune does not act on is acknowledged and not kept.
 * Refusals carry a short code and are logged by code and host only, never with what the peer sent.
 */
@Service
public class Inbox {

  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

  /** The inbox's answer: status and code ({@code accepted}, {@code duplicate}, {@code ignored}, or why not). */
  public record Answer(int status, String code) {}

  private final InboundVerifier verifier;
  private final BlockedDomains blocked;
  private final HostLimits limits;
  private final InboxRepository inbox;
  private final InboxProcessor processor;
  private final FederationUrls urls;
  private final Clock clock;

  Inbox(InboundVerifier verifier, BlockedDomains blocked, HostLimits limits, InboxRepository inbox,
      InboxProcessor processor, FederationUrls urls, Clock clock) {
    this.verifier = verifier;
    this.blocked = blocked;
    this.limits = limits;
    this.inbox = inbox;
    this.processor = processor;
    this.urls = urls;
    this.clock = clock;
  }

  /** Takes a delivery whose body the caller has already capped. */
  public Answer receive(InboundRequest request) {
    String host = signerHost(request).orElse("unsigned");
    try {
      Answer answer = take(request, host);
      LOG.debug("Inbox: {} from {}", answer.code(), host);
      return answer;
    } catch (InboxRefused refused) {
      LOG.info("Inbox refused a delivery from {}: {}", host, refused.code());
      return new Answer(refused.status(), refused.code());
    }
  }

  private Answer take(InboundRequest request, String host) throws InboxRefused {
    if (!host.equals("unsigned") && blocked.blocked(host)) {
      throw new InboxRefused(403, "blocked-domain");
    }
    VerifiedSender sender;
    try {
      sender = verifier.verify(request);
    } catch (SignatureRefused refused) {
      throw refused.reason() == SignatureRefused.Reason.BLOCKED ? new InboxRefused(403, "blocked-domain")
          : new InboxRefused(401, refused.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    if (blocked.blockedUrl(sender.owner())) {
      throw new InboxRefused(403, "blocked-domain");
    }
    // Charged to the verified sender only: junk naming another server's key must not spend that server's share.
    if (!limits.delivery(Hosts.host(sender.owner()).orElse("unsigned"))) {
      throw new InboxRefused(429, "rate-limited");
    }
    ActivityCheck.Activity activity = ActivityCheck.check(ActivityCheck.parse(request.body()), urls.actor());
    // The key's owner speaks only for itself (CVE-2024-23832): checked before the activity is kept.
    if (!activity.actor().equals(sender.owner())) {
      throw new InboxRefused(401, "key-owner-mismatch");
    }
    if (!activity.supported()) {
      return new Answer(202, "ignored");
    }
    if (activity.type().equals("Follow") && !limits.follow(Hosts.host(activity.actor()).orElseThrow())) {
      throw new InboxRefused(429, "too-many-follows");
    }
    if (!inbox.store(activity.id(), activity.actor(), activity.type(), new String(request.body(), UTF_8),
        clock.instant())) {
      return new Answer(202, "duplicate");
    }
    processor.wake();
    return new Answer(202, "accepted");
  }

  /**
   * The host of the key id the verifier will use (RFC 9421's {@code Signature-Input} when present, else
   * draft-cavage's {@code Signature} or {@code Authorization}), parsed by the same parsers, read before
   * anything is verified to refuse a blocked domain early. Unverified: never charged a limit.
   */
  static Optional<String> signerHost(InboundRequest request) {
    try {
      if (MessageSignatures.present(request)) {
        return Hosts.host(MessageSignatures.parse(request).keyId());
      }
      String cavage = request.header("signature");
      String authorization = request.header("authorization");
      if (cavage == null && authorization != null && authorization.regionMatches(true, 0, "Signature ", 0, 10)) {
        cavage = authorization.substring(10).trim();
      }
      return cavage == null ? Optional.empty() : Hosts.host(HttpSignatures.parseCavage(cavage).keyId());
    } catch (SignatureRefused malformed) {
      return Optional.empty();
    }
  }
}
