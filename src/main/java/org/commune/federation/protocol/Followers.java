package org.commune.federation.protocol;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.commune.federation.delivery.Deliveries;
import org.commune.members.MemberId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The organisation's followers elsewhere, as stewards manage them: approve a waiting request (Accept),
 * refuse one or remove a follower (Reject: Mastodon drops the follow on it), and choose whether each new
 * follower waits for approval (a public log entry, naming nobody).
 */
@Service
public class Followers {

  public static final int PAGE = 50;

  /** A page of followers in one state, with how many there are in each. */
  public record Listing(List<FollowerRepository.Follower> followers, long accepted, long pending, int page,
      boolean more, boolean manual) {}

  private final FollowerRepository followers;
  private final ActorRepository actor;
  private final Deliveries deliveries;
  private final Activities activities;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Followers(FollowerRepository followers, ActorRepository actor, Deliveries deliveries, Activities activities,
      ApplicationEventPublisher events, Clock clock) {
    this.followers = followers;
    this.actor = actor;
    this.deliveries = deliveries;
    this.activities = activities;
    this.events = events;
    this.clock = clock;
  }

  /** Accepted followers: the only number the public pages show. */
  public long count() {
    return followers.count("accepted");
  }

  public Listing list(String state, int page) {
    String wanted = state.equals("pending") ? "pending" : "accepted";
    int from = Math.max(0, page) * PAGE;
    List<FollowerRepository.Follower> rows = followers.list(wanted, from, PAGE + 1);
    return new Listing(rows.stream().limit(PAGE).toList(), followers.count("accepted"), followers.count("pending"),
        Math.max(0, page), rows.size() > PAGE, actor.state().manuallyApprovesFollowers());
  }

  /** Approves a waiting follower: it is told with an Accept. False when there was none waiting. */
  @Transactional
  public boolean approve(String follower) {
    var waiting = followers.find(follower).filter(f -> f.state().equals("pending"));
    if (waiting.isEmpty() || !followers.accept(follower)) {
      return false;
    }
    send("Accept", waiting.get());
    return true;
  }

  /** Refuses a waiting follower or removes a follower: it is told with a Reject. False when there was none. */
  @Transactional
  public boolean remove(String follower) {
    var known = followers.find(follower);
    if (known.isEmpty() || !followers.remove(follower)) {
      return false;
    }
    send("Reject", known.get());
    return true;
  }

  /** Whether each new follower waits for a steward's approval; a change is a public log entry. */
  @Transactional
  public void approveEachFollower(MemberId steward, boolean manual) {
    if (actor.manuallyApprove(manual, clock.instant())) {
      events.publishEvent(new FollowerApprovalChanged(UUID.randomUUID(), clock.instant(), manual, steward));
    }
  }

  private void send(String type, FollowerRepository.Follower follower) {
    Activities.Outgoing answer = activities.answer(type, follower.followId(), follower.actor());
    deliveries.send(answer.id(), answer.json(), Set.of(URI.create(follower.inbox())));
  }
}
