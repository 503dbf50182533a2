package org.commune.federation.protocol;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Domains the organisation refuses to federate with. A blocked domain covers its subdomains: nothing from
 * their servers is accepted in the inbox, their followers are removed and nothing is delivered to them
 * ({@link #blocked(String)} is what delivery asks). The list is public, and every change is a public log
 * entry with the domain and the reason's code.
 */
@Service
public class BlockedDomains {

  /** The reasons stewards choose from; each has a message key {@code federation.blocked.reason.<code>}. */
  public static final List<String> REASONS =
      List.of("spam", "harassment", "hate", "surveillance", "impersonation", "illegal", "other");

  public static final int NOTE_MAX = 500;

  /** One blocked domain, as the public page lists it. */
  public record Blocked(String domain, String reason, @Nullable String note, Instant blockedAt) {}

  private final BlockedDomainRepository repository;
  private final FollowerRepository followers;
  private final FollowingRepository following;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  /** Read on every inbound request and every delivery: kept in memory, reloaded after each change commits. */
  private volatile @Nullable Set<String> cached;

  BlockedDomains(BlockedDomainRepository repository, FollowerRepository followers, FollowingRepository following,
      ApplicationEventPublisher events, Clock clock) {
    this.repository = repository;
    this.followers = followers;
    this.following = following;
    this.events = events;
    this.clock = clock;
  }

  /** Whether this host (a port, if any, is ignored) is a blocked domain or under one. */
  public boolean blocked(String host) {
    return covers(domains(), host);
  }

  /** Whether one of the domains is the host (its port ignored) or a parent of it. */
  static boolean covers(Set<String> domains, String host) {
    String name = host.toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon > 0 && name.indexOf(':') == colon) {
      name = name.substring(0, colon);
    }
    while (name.endsWith(".")) { // "spam.example." is spam.example
      name = name.substring(0, name.length() - 1);
    }
    while (true) {
      if (domains.contains(name)) {
        return true;
      }
      int dot = name.indexOf('.');
      if (dot < 0) {
        return false;
      }
      name = name.substring(dot + 1);
    }
  }

  /** Whether the host of this URL is blocked; a string that is no http(s) URL counts as blocked. */
  public boolean blockedUrl(String url) {
    return Hosts.host(url).map(this::blocked).orElse(true);
  }

  public List<Blocked> all() {
    return repository.all();
  }

  /**
   * Blocks a domain: refuses it from now on and removes its followers and the allies on it. Refused with
   * {@link InvalidInput} (field and message key) for a domain that is none, an unknown reason, a note too
   * long, or a domain already blocked.
   */
  @Transactional
  public String block(MemberId steward, String typedDomain, String reason, @Nullable String note) {
    String domain = Hosts.domain(typedDomain == null ? "" : typedDomain)
        .orElseThrow(() -> InvalidInput.of("domain", "federation.blocked.error.domain"));
    if (!REASONS.contains(reason)) {
      throw InvalidInput.of("reason", "federation.blocked.error.reason");
    }
    String publicNote = note == null || note.isBlank() ? null : note.strip();
    if (publicNote != null && publicNote.codePointCount(0, publicNote.length()) > NOTE_MAX) {
      throw InvalidInput.of("note", "federation.blocked.error.note");
    }
    Instant now = clock.instant();
    if (!repository.add(domain, reason, publicNote, now)) {
      throw InvalidInput.of("domain", "federation.blocked.error.already");
    }
    followers.removeOnDomain(domain);
    following.removeOnDomain(domain);
    reloadAfterCommit();
    events.publishEvent(new DomainBlocked(UUID.randomUUID(), now, domain, reason, steward));
    return domain;
  }

  @Transactional
  public void unblock(MemberId steward, String domain) {
    if (repository.remove(domain)) {
      reloadAfterCommit();
      events.publishEvent(new DomainUnblocked(UUID.randomUUID(), clock.instant(), domain, steward));
    }
  }

  private Set<String> domains() {
    Set<String> current = cached;
    if (current == null) {
      current = repository.all().stream().map(Blocked::domain).collect(Collectors.toUnmodifiableSet());
      cached = current;
    }
    return current;
  }

  private void reloadAfterCommit() {
    cached = null;
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          cached = null;
        }
      });
    }
  }
}
