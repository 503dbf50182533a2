package org.commune.federation.protocol;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.commune.federation.FederationUrls;
import org.commune.federation.delivery.Deliveries;
import org.commune.federation.http.RemoteActor;
import org.commune.federation.http.RemoteActors;
import org.commune.federation.http.RemoteRefused;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Actors elsewhere the organisation follows, and what they publish. Stewards follow an actor by its URL
 * (a Follow is sent; it stays pending until the ally's Accept) and unfollow it (Undo); each is a public
 * log entry with the ally's host. Posts arrive in the inbox ({@link InboxProcessor}) and are listed here.
 */
@Service
public class Allies {

  public static final int PAGE = 30;

  /** An account as people write it: {@code @union@example.social} (or without the first @, or with acct:). */
  private static final Pattern ACCOUNT = Pattern.compile("(acct:|@)?[^@\\s/:]+@[A-Za-z0-9.-]+(:[0-9]{1,5})?");

  /** One followed actor as the stewards' page shows it. */
  public record Ally(String actor, @Nullable String name, @Nullable String handle, String state,
      java.time.Instant since) {}

  private final FollowingRepository following;
  private final AllyPostRepository posts;
  private final RemoteActors remoteActors;
  private final BlockedDomains blocked;
  private final Deliveries deliveries;
  private final Activities activities;
  private final FederationUrls urls;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Allies(FollowingRepository following, AllyPostRepository posts, RemoteActors remoteActors, BlockedDomains blocked,
      Deliveries deliveries, Activities activities, FederationUrls urls, ApplicationEventPublisher events,
      Clock clock) {
    this.following = following;
    this.posts = posts;
    this.remoteActors = remoteActors;
    this.blocked = blocked;
    this.deliveries = deliveries;
    this.activities = activities;
    this.urls = urls;
    this.events = events;
    this.clock = clock;
  }

  public List<Ally> all() {
    return following.all().stream().map(f -> new Ally(f.actor(), f.name(), f.handle(), f.state(), f.since())).toList();
  }

  /** How many actors the organisation follows (those that accepted). */
  public long count() {
    return following.countAccepted();
  }

  public List<AllyPost.Shown> posts(int page) {
    return posts.newest(Math.max(0, page) * PAGE, PAGE + 1);
  }

  /**
   * Follows the actor at this URL, or the account {@code @name@host} (found through WebFinger): fetched
   * through the guarded client, stored as pending, sent a Follow. Refused with {@link InvalidInput} for what
   * is neither, the organisation itself, a blocked domain, or an actor that cannot be fetched or is not one.
   */
  @Transactional
  public String follow(MemberId steward, String typed) {
    String text = typed == null ? "" : typed.strip();
    boolean account = ACCOUNT.matcher(text).matches();
    String where = account ? "https://" + text.substring(text.lastIndexOf('@') + 1) + "/" : text;
    if (Hosts.httpUrl(where).isEmpty()) {
      throw InvalidInput.of("actor", "federation.following.error.url");
    }
    if (Hosts.sameOrigin(where, urls.actor())) {
      throw InvalidInput.of("actor", "federation.following.error.self");
    }
    if (blocked.blockedUrl(where)) {
      throw InvalidInput.of("actor", "federation.following.error.blocked");
    }
    RemoteActor ally;
    try {
      ally = account ? remoteActors.byAccount(text) : remoteActors.get(URI.create(text));
    } catch (RemoteRefused refused) {
      throw InvalidInput.of("actor", refused.reason() == RemoteRefused.Reason.ADDRESS_REFUSED
          ? "federation.following.error.address" : "federation.following.error.unreachable");
    }
    if (blocked.blockedUrl(ally.id()) || Hosts.sameOrigin(ally.id(), urls.actor())) {
      throw InvalidInput.of("actor", "federation.following.error.blocked");
    }
    Activities.Outgoing follow = activities.followAlly(ally.id());
    String handle = ally.preferredUsername() == null ? null
        : "@" + ally.preferredUsername() + "@" + Hosts.host(ally.id()).orElseThrow();
    following.put(ally.id(), ally.inbox(), clip(ally.name(), 200), clip(handle, 300), activities.followId(follow.id()),
        clock.instant());
    deliveries.send(follow.id(), follow.json(), Set.of(URI.create(ally.inbox())));
    events.publishEvent(new AllyFollowChanged(UUID.randomUUID(), clock.instant(), Hosts.host(ally.id()).orElseThrow(),
        true, steward));
    return ally.id();
  }

  /** Stops following: the ally gets an Undo of the Follow, and its posts kept here go. */
  @Transactional
  public boolean unfollow(MemberId steward, String actor) {
    var known = following.find(actor);
    if (known.isEmpty() || !following.remove(actor)) {
      return false;
    }
    if (!blocked.blockedUrl(actor)) {
      Activities.Outgoing undo = activities.unfollowAlly(actor, known.get().followId());
      deliveries.send(undo.id(), undo.json(), Set.of(URI.create(known.get().inbox())));
    }
    events.publishEvent(new AllyFollowChanged(UUID.randomUUID(), clock.instant(), Hosts.host(actor).orElse("unknown"),
        false, steward));
    return true;
  }

  private static @Nullable String clip(@Nullable String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
