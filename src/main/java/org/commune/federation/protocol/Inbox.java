package org.commune.federation.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.InboundRequest;
import org.commune.federation.http.InboundVerifier;
import org.commune.federation.http.SignatureRefused;
import org.commune.federation.http.VerifiedSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What the inbox does with a delivery, cheapest refusal first: a blocked domain or a host over its share
 * is refused before any key is fetched; then the signature (fetching the key through RemoteActors); then
 * the JSON, field by field; then the activity's actor must be the key's owner. What passes is stored and
 * answered 202 at once; {@link InboxProcessor} acts on it in the background. A replayed activity id is
 * acknowledged and ignored; an activity of a type Commune does not act on is acknowledged and not kept.
 * Refusals carry a short code and are logged by code and host only, never with what the peer sent.
 */
@Service
public class Inbox {

  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
  private static final Pattern KEY_ID = Pattern.compile("keyId\\s*=\\s*\"([^\"]{1,2048})\"", Pattern.CASE_INSENSITIVE);

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
    if (!limits.delivery(host)) {
      throw new InboxRefused(429, "rate-limited");
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
    ActivityCheck.Activity activity = ActivityCheck.check(ActivityCheck.parse(request.body()), urls.actor());
    // The key's owner speaks only for itself (CVE-2024-23832): checked before the activity is kept.
    if (!activity.actor().equals(sender.owner())) {
      throw new InboxRefused(401, "key-owner-mismatch");
    }
    if (!activity.supported()) {
      return new Answer(202, "ignored");
    }
    if (activity.type().equals("Follow") && !limits.follow(Hosts.origin(activity.actor()).orElseThrow())) {
      throw new InboxRefused(429, "too-many-follows");
    }
    if (!inbox.store(activity.id(), activity.actor(), activity.type(), new String(request.body(), UTF_8),
        clock.instant())) {
      return new Answer(202, "duplicate");
    }
    processor.wake();
    return new Answer(202, "accepted");
  }

  /** The host named in the signature's keyId, read before anything is verified (to refuse early). */
  static Optional<String> signerHost(InboundRequest request) {
    for (String header : new String[] {"signature", "authorization", "signature-input"}) {
      String value = request.header(header);
      if (value != null) {
        Matcher keyId = KEY_ID.matcher(value);
        if (keyId.find()) {
          return Hosts.host(keyId.group(1));
        }
      }
    }
    return Optional.empty();
  }
}
