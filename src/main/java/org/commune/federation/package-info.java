/**
 * Federation and survival: the organisation's public voice on the Fediverse (ActivityPub, as Mastodon,
 * Fedify and the others speak it) and the means to outlive its own server — allied mirrors, witnesses that
 * cosign the transparency log's checkpoints, a signed archive anyone can re-host, and moving house to a new
 * domain (docs/federation.md, docs/survival.md, ../specs/federation.md).
 *
 * <p>Sub-packages: {@code http} (the organisation's RSA key, HTTP Signatures, the one outbound HTTP client
 * with its SSRF guard), {@code protocol} (discovery, actors, inbox, outbox, follows, blocked domains),
 * {@code delivery} (the persistent delivery queue), {@code survival} (allies, mirrors, witnesses, moving),
 * {@code archive} (the signed archive and its commands), {@code web} (stewards' pages, URL rules).
 *
 * <p>Nothing it publishes names a member unless the organisation made that fact public: the actor is the
 * organisation, articles are attributed to it, decisions carry counts. Followers are people elsewhere:
 * stewards see them, the public pages show only how many there are.
 */
@ApplicationModule(allowedDependencies = {"members", "publishing", "governance", "transparency", "web", "database"})
@NullMarked
package org.commune.federation;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
