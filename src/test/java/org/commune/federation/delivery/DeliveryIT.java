package org.commune.federation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.commune.federation.FederatingCommune;
import org.commune.federation.FederationUrls;
import org.commune.federation.LoopbackInbox;
import org.commune.federation.LoopbackInbox.Received;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.protocol.FollowerRepository;
import org.commune.governance.ProposalId;
import org.commune.governance.VoteClosed;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.publishing.Articles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The persistent delivery queue against inboxes on loopback that verify every signature: what goes out for
 * each event, one POST per shared inbox, a dead and a slow inbox that do not hold up the others, retries with
 * backoff until an inbox is unavailable and then a probe, refusals for good, leases of a process that died,
 * and blocked hosts.
 */
class DeliveryIT extends FederatingCommune {

  @Autowired Articles articles;
  @Autowired FollowerRepository followers;
  @Autowired ActorKeys keys;
  @Autowired FederationUrls urls;
  @Autowired Deliveries deliveries;
  @Autowired ApplicationEventPublisher events;
  @Autowired TransactionTemplate transactions;

  LoopbackInbox fast;
  LoopbackInbox other;

  @BeforeEach
  void inboxes() throws Exception {
    noFollowersNorDeliveries();
    fast = inboxOn("127.0.0.1");
    other = inboxOn("127.0.0.1");
  }

  @AfterEach
  void closeInboxes() {
    fast.close();
    other.close();
  }

  LoopbackInbox inboxOn(String address) throws Exception {
    return new LoopbackInbox(address, keys.publicKey(), urls.keyId(), clock);
  }

  void follower(String name, URI inbox, URI shared) {
    followers.put("https://elsewhere.example/users/" + name, inbox.toString(), shared == null ? null : shared.toString(),
        "https://elsewhere.example/follows/" + name, "accepted", clock.instant());
  }

  @Test
  void anArticleGoesOutSignedWithEveryLanguageAndNoMemberName() {
    follower("reader", fast.inbox("/users/reader/inbox"), fast.inbox("/inbox"));
    MemberId author = member("fed-author", Role.MODERATOR);
    UUID article = articles.publish(author, "en", "Strike fund opens", "The *fund* opens on Monday.");
    Received create = arrival(fast, "Create", article);
    assertThat(create.refused()).as("signature and Digest check").isNull();
    assertThat(create.path()).isEqualTo("/inbox");
    assertThat(create.headers().get("Digest").get(0)).startsWith("SHA-256=");
    JsonNode object = create.activity().get("object");
    assertThat(create.activity().get("actor").asString()).isEqualTo(urls.actor());
    assertThat(object.get("type").asString()).isEqualTo("Article");
    assertThat(object.get("id").asString()).isEqualTo(urls.article(article));
    assertThat(object.get("attributedTo").asString()).isEqualTo(urls.actor());
    assertThat(object.get("name").asString()).isEqualTo("Strike fund opens");
    assertThat(object.get("content").asString()).contains("<em>fund</em>");
    assertThat(object.get("to").get(0).asString()).isEqualTo(FederationUrls.PUBLIC);
    assertThat(object.get("cc").get(0).asString()).isEqualTo(urls.followers());

    articles.publishAiAssisted(article, author, "ar", "صندوق الإضراب يفتح", "يفتح الصندوق يوم الاثنين.", "test-model",
        author, false);
    Received update = arrival(fast, "Update", article);
    assertThat(update.refused()).isNull();
    JsonNode both = update.activity().get("object");
    assertThat(both.get("contentMap").propertyNames()).containsExactlyInAnyOrder("en", "ar");
    assertThat(both.get("nameMap").get("ar").asString()).isEqualTo("صندوق الإضراب يفتح");
    assertThat(both.get("contentMap").get("ar").asString()).contains("يفتح الصندوق");
    for (Received r : List.of(create, update)) {
      assertThat(r.body()).doesNotContain("fed-author").doesNotContain(author.toString())
          .doesNotContain("test-model");
    }
  }

  @Test
  void correctionIsAnUpdateAndWithdrawalADeleteWithATombstone() {
    follower("reader", fast.inbox("/users/reader/inbox"), null);
    MemberId author = member("fed-author", Role.MODERATOR);
    UUID article = articles.publish(author, "en", "Meeting on Tuesday", "We meet on Tuesday.");
    arrival(fast, "Create", article);
    articles.correct(author, article, "en", "1", "Meeting on Wednesday", "We meet on Wednesday.", "fact", "Wrong day.");
    Received update = arrival(fast, "Update", article);
    assertThat(update.activity().get("object").get("name").asString()).isEqualTo("Meeting on Wednesday");
    assertThat(update.body()).doesNotContain("Wrong day.");
    assertThat(update.path()).as("no shared inbox: the personal one").isEqualTo("/users/reader/inbox");
    articles.withdraw(author, article, "error", "Mistaken.");
    Received delete = arrival(fast, "Delete", article);
    assertThat(delete.refused()).isNull();
    assertThat(delete.activity().get("object").get("type").asString()).isEqualTo("Tombstone");
    assertThat(delete.activity().get("object").get("formerType").asString()).isEqualTo("Article");
    assertThat(delete.body()).doesNotContain("Mistaken.").doesNotContain("Meeting");
  }

  @Test
  void aClosedVoteIsANoteWithCountsAndNoTitle() {
    follower("reader", fast.inbox("/users/reader/inbox"), fast.inbox("/inbox"));
    UUID event = UUID.randomUUID();
    transactions.executeWithoutResult(status -> events.publishEvent(new VoteClosed(event, clock.instant(),
        new ProposalId(UUID.randomUUID()), "accepted", 12, 30, List.of())));
    Received note = await(fast, r -> r.activity().path("object").path("id").asString("").equals(urls.note(event)));
    assertThat(note.refused()).isNull();
    assertThat(note.activity().get("type").asString()).isEqualTo("Create");
    JsonNode object = note.activity().get("object");
    assertThat(object.get("type").asString()).isEqualTo("Note");
    assertThat(object.get("content").asString()).contains("accepted").contains("12 of 30").contains("/log?type=vote.closed");
    assertThat(object.get("contentMap").has("en")).isTrue();
    assertThat(object.get("attributedTo").asString()).isEqualTo(urls.actor());
  }

  @Test
  void oneDeliveryPerSharedInboxHoweverManyFollowersShareIt() {
    for (int i = 0; i < 40; i++) {
      follower("a" + i, fast.inbox("/users/a" + i + "/inbox"), fast.inbox("/inbox"));
      follower("b" + i, other.inbox("/users/b" + i + "/inbox"), other.inbox("/shared"));
    }
    follower("solo", other.inbox("/users/solo/inbox"), null);
    UUID activity = UUID.randomUUID();
    deliveries.sendToFollowers(activity, note(activity));
    awaitTrue(() -> delivered(activity) == 3, Duration.ofSeconds(10));
    assertThat(fast.received()).hasSize(1);
    assertThat(other.received()).extracting(Received::path).containsExactlyInAnyOrder("/shared", "/users/solo/inbox");
  }

  @Test
  void aDeadAndASlowInboxDoNotHoldUpTheOthers() throws Exception {
    int dead;
    try (ServerSocket socket = new ServerSocket(0)) {
      dead = socket.getLocalPort(); // closed again at once: connecting is refused
    }
    try (LoopbackInbox slow = inboxOn("127.0.0.1"); LoopbackInbox third = inboxOn("127.0.0.1")) {
      slow.delay = Duration.ofSeconds(6);
      follower("dead", URI.create("http://127.0.0.1:" + dead + "/inbox"), null);
      follower("slow", slow.inbox("/inbox"), null);
      follower("one", fast.inbox("/inbox"), null);
      follower("two", other.inbox("/inbox"), null);
      follower("three", third.inbox("/inbox"), null);
      UUID activity = UUID.randomUUID();
      Instant start = Instant.now();
      deliveries.sendToFollowers(activity, note(activity));
      awaitTrue(() -> delivered(activity) == 3, Duration.ofSeconds(5));
      Duration fastOnes = Duration.between(start, Instant.now());
      assertThat(fastOnes).as("the three healthy inboxes got it while the slow one still sleeps")
          .isLessThan(Duration.ofSeconds(3));
      assertThat(slow.received()).as("the slow inbox was reached too").hasSize(1);
      String deadState = jdbc.sql("SELECT state || ' ' || attempts || ' ' || last_error FROM federation_delivery "
          + "WHERE activity_id = :a AND inbox LIKE :dead").param("a", activity).param("dead", "%:" + dead + "/inbox")
          .query(String.class).single();
      assertThat(deadState).isEqualTo("pending 1 connect");
      awaitTrue(() -> delivered(activity) == 4, Duration.ofSeconds(10));
    }
  }

  @Test
  void attemptsToOneHostAreLimitedWhileTheOthersGoOn() {
    fast.delay = Duration.ofMillis(300);
    for (int i = 0; i < 30; i++) {
      follower("p" + i, fast.inbox("/users/p" + i + "/inbox"), null);
    }
    follower("elsewhere", other.inbox("/inbox"), null);
    UUID activity = UUID.randomUUID();
    deliveries.sendToFollowers(activity, note(activity));
    awaitTrue(() -> other.received().size() == 1, Duration.ofSeconds(2));
    awaitTrue(() -> delivered(activity) == 31, Duration.ofSeconds(15));
    assertThat(fast.mostConcurrent()).as("at most per-host (8) at once to one server, in parallel").isBetween(2, 8);
    assertThat(fast.received()).hasSize(30);
    assertThat(jdbc.sql("SELECT count(*) FROM federation_delivery WHERE activity_id = :a AND attempts <> 1")
        .param("a", activity).query(Long.class).single()).as("targets waiting their turn count one attempt").isZero();
  }

  @Test
  void aFailingInboxIsRetriedWithBackoffThenUnavailableThenProbed() {
    fast.answer = 500;
    follower("failing", fast.inbox("/inbox"), null);
    String inbox = fast.inbox("/inbox").toString();
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    deliveries.sendToFollowers(first, note(first));
    deliveries.sendToFollowers(second, note(second));
    awaitAttempts(1, first, second);
    Instant failedAt = clock.instant();
    assertThat(due(first)).as("one minute, and at most a tenth more")
        .isBetween(failedAt.plusSeconds(50), failedAt.plusSeconds(70));
    assertThat(states(first)).containsExactly("pending 500");
    assertThat(unavailableUntil(inbox)).as("four failures in a row: still available").isNull();
    clock.advance(Duration.between(clock.instant(), later(due(first), due(second))).plusSeconds(1));
    awaitAttempts(2, first, second);
    assertThat(due(first)).as("then five minutes").isAfter(clock.instant().plus(Duration.ofMinutes(4)));
    assertThat(unavailableUntil(inbox)).isNull();
    clock.advance(Duration.between(clock.instant(), later(due(first), due(second))).plusSeconds(1));
    awaitAttempts(3, first, second);
    assertThat(fast.received()).hasSize(6);
    Instant unavailable = unavailableUntil(inbox);
    assertThat(unavailable).as("five failures in a row: unavailable for an hour or more")
        .isAfter(clock.instant().plus(Duration.ofMinutes(55)));
    assertThat(due(first)).as("the next try (30 minutes) falls while the inbox is unavailable").isBefore(unavailable);
    clock.advance(Duration.between(clock.instant(), later(due(first), due(second))).plusSeconds(1));
    sleep(Duration.ofMillis(800));
    assertThat(fast.received()).as("nothing is sent to an unavailable inbox").hasSize(6);
    fast.answer = 202;
    clock.advance(Duration.between(clock.instant(), unavailable).plusSeconds(1));
    awaitTrue(() -> delivered(first) == 1 && delivered(second) == 1, Duration.ofSeconds(5));
    assertThat(fast.received()).as("one probe, then the other").hasSize(8);
    assertThat(fast.received().get(6).at()).isBefore(fast.received().get(7).at());
    assertThat(unavailableUntil(inbox)).isNull();
    assertThat(jdbc.sql("SELECT consecutive_failures FROM federation_inbox_health").query(Integer.class).single()).isZero();
  }

  /** Finding 7: fake followers naming many inboxes on one host back off per host, not inbox by inbox. */
  @Test
  void manyFailingInboxesOnOneHostMakeTheHostWait() {
    fast.answer = 500;
    for (int i = 0; i < DeliverySettings.UNAVAILABLE_AFTER; i++) {
      follower("fake" + i, fast.inbox("/users/fake" + i + "/inbox"), null);
    }
    UUID activity = UUID.randomUUID();
    deliveries.sendToFollowers(activity, note(activity));
    awaitTrue(() -> jdbc.sql("SELECT count(*) FROM federation_delivery WHERE activity_id = :a AND attempts = 1 "
        + "AND claimed_until IS NULL").param("a", activity).query(Long.class).single() == DeliverySettings.UNAVAILABLE_AFTER,
        Duration.ofSeconds(5));
    assertThat(fast.received()).hasSize(DeliverySettings.UNAVAILABLE_AFTER);
    clock.advance(Duration.ofMinutes(2));
    sleep(Duration.ofMillis(800));
    assertThat(fast.received()).as("the host is unavailable: none of its inboxes is tried again yet")
        .hasSize(DeliverySettings.UNAVAILABLE_AFTER);
    // An inbox on another host is not held back.
    follower("real", other.inbox("/inbox"), null);
    UUID next = UUID.randomUUID();
    deliveries.sendToFollowers(next, note(next));
    awaitTrue(() -> other.received().size() == 1, Duration.ofSeconds(5));
  }

  /** Finding 9: once sent, a non-public activity (an Accept naming a follower) keeps no JSON; a public one does. */
  @Test
  void aDeliveredPrivateActivityForgetsWhomItNamed() {
    UUID accept = UUID.randomUUID();
    String follower = "https://elsewhere.example/users/someone";
    deliveries.send(accept, "{\"id\":\"" + urls.activity(accept) + "\",\"type\":\"Accept\",\"actor\":\"" + urls.actor()
        + "\",\"to\":[\"" + follower + "\"],\"object\":{\"type\":\"Follow\",\"actor\":\"" + follower + "\"}}",
        List.of(fast.inbox("/inbox")));
    UUID open = UUID.randomUUID();
    deliveries.send(open, note(open), List.of(fast.inbox("/inbox")));
    awaitTrue(() -> delivered(accept) == 1 && delivered(open) == 1, Duration.ofSeconds(5));
    assertThat(json(accept)).isEmpty();
    assertThat(json(open)).contains(FederationUrls.PUBLIC);
  }

  String json(UUID activity) {
    return jdbc.sql("SELECT json FROM federation_activity WHERE id = :a").param("a", activity).query(String.class).single();
  }

  void awaitAttempts(int attempts, UUID... activities) {
    awaitTrue(() -> Arrays.stream(activities).allMatch(a -> attempts(a) == attempts && due(a) != null),
        Duration.ofSeconds(5));
  }

  @Test
  void aRefusalOtherThan408Or429IsFinalWhileATooManyRequestsIsRetried() {
    fast.answer = 404;
    other.answer = 429;
    follower("gone", fast.inbox("/inbox"), null);
    follower("busy", other.inbox("/inbox"), null);
    UUID activity = UUID.randomUUID();
    deliveries.sendToFollowers(activity, note(activity));
    awaitTrue(() -> states(activity).equals(List.of("failed 404", "pending 429")), Duration.ofSeconds(5));
  }

  @Test
  void targetsClaimedByAProcessThatDiedAreDeliveredOnceTheLeaseEnds() {
    follower("reader", fast.inbox("/inbox"), null);
    UUID activity = UUID.randomUUID();
    Instant now = clock.instant();
    // What a process leaves behind when it is killed after claiming: pending, claimed for five minutes.
    jdbc.sql("INSERT INTO federation_activity (id, type, object_id, public, json, created_at) "
            + "VALUES (:id, 'Create', NULL, true, :json, :at)")
        .param("id", activity).param("json", note(activity)).param("at", Timestamp.from(now)).update();
    jdbc.sql("INSERT INTO federation_delivery (activity_id, inbox, host, state, attempts, next_attempt_at, claimed_until) "
            + "VALUES (:id, :inbox, :host, 'pending', 1, :at, :lease)")
        .param("id", activity).param("inbox", fast.inbox("/inbox").toString())
        .param("host", fast.inbox("/inbox").getAuthority()).param("at", Timestamp.from(now))
        .param("lease", Timestamp.from(now.plus(Duration.ofMinutes(5)))).update();
    sleep(Duration.ofSeconds(1));
    assertThat(fast.received()).as("claimed by another process: left alone while the lease holds").isEmpty();
    clock.advance(Duration.ofMinutes(6));
    awaitTrue(() -> delivered(activity) == 1, Duration.ofSeconds(5));
    assertThat(fast.received()).hasSize(1);
    assertThat(attempts(activity)).isEqualTo(2);
  }

  @Test
  void nothingGoesToABlockedHost() throws Exception {
    try (LoopbackInbox blocked = inboxOn("127.0.0.3")) {
      follower("blocked", blocked.inbox("/inbox"), null);
      follower("reader", fast.inbox("/inbox"), null);
      BLOCKED.add("127.0.0.3");
      UUID activity = UUID.randomUUID();
      deliveries.sendToFollowers(activity, note(activity));
      awaitTrue(() -> delivered(activity) == 1, Duration.ofSeconds(5));
      assertThat(states(activity)).containsExactly("delivered 202");
      // Blocked after it was queued: refused at the attempt.
      BLOCKED.clear();
      UUID later = UUID.randomUUID();
      transactions.executeWithoutResult(status -> {
        deliveries.sendToFollowers(later, note(later));
        BLOCKED.add("127.0.0.3");
      });
      awaitTrue(() -> delivered(later) == 1 && states(later).contains("failed null"), Duration.ofSeconds(5));
      assertThat(blocked.received()).isEmpty();
    }
  }

  @Test
  void unusableInboxesAreNeverQueued() {
    UUID activity = UUID.randomUUID();
    deliveries.send(activity, note(activity), List.of(URI.create("file:///etc/passwd"), URI.create("mailto:a@b.c"),
        URI.create("/relative/inbox"), fast.inbox("/inbox"), fast.inbox("/inbox")));
    awaitTrue(() -> delivered(activity) == 1, Duration.ofSeconds(5));
    assertThat(states(activity)).hasSize(1);
  }

  // --- helpers

  String note(UUID activity) {
    return "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + urls.activity(activity)
        + "\",\"type\":\"Create\",\"actor\":\"" + urls.actor() + "\",\"to\":[\"" + FederationUrls.PUBLIC
        + "\"],\"object\":{\"id\":\"" + urls.note(activity) + "\",\"type\":\"Note\",\"content\":\"<p>hello</p>\"}}";
  }

  Received arrival(LoopbackInbox inbox, String type, UUID article) {
    return await(inbox, r -> r.activity().path("type").asString("").equals(type)
        && r.activity().path("object").path("id").asString("").equals(urls.article(article)));
  }

  static Received await(LoopbackInbox inbox, Predicate<Received> which) {
    awaitTrue(() -> !inbox.received(which).isEmpty(), Duration.ofSeconds(15));
    return inbox.received(which).get(0);
  }

  static void awaitTrue(BooleanSupplier condition, Duration within) {
    Instant end = Instant.now().plus(within);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("not within " + within);
      }
      sleep(Duration.ofMillis(50));
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  long delivered(UUID activity) {
    return jdbc.sql("SELECT count(*) FROM federation_delivery WHERE activity_id = :a AND state = 'delivered'")
        .param("a", activity).query(Long.class).single();
  }

  int attempts(UUID activity) {
    return jdbc.sql("SELECT max(attempts) FROM federation_delivery WHERE activity_id = :a").param("a", activity)
        .query(Integer.class).single();
  }

  /** When the activity's pending target is due next (null when none is pending and unclaimed). */
  Instant due(UUID activity) {
    return jdbc.sql("SELECT next_attempt_at FROM federation_delivery WHERE activity_id = :a AND state = 'pending' "
            + "AND claimed_until IS NULL").param("a", activity)
        .query((rs, n) -> rs.getTimestamp(1).toInstant()).optional().orElse(null);
  }

  Instant unavailableUntil(String inbox) {
    return jdbc.sql("SELECT unavailable_until FROM federation_inbox_health WHERE inbox = :i").param("i", inbox)
        .query((rs, n) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).optional().orElse(null);
  }

  List<String> states(UUID activity) {
    return jdbc.sql("SELECT state || ' ' || coalesce(last_status::text, 'null') FROM federation_delivery "
            + "WHERE activity_id = :a ORDER BY state").param("a", activity).query(String.class).list();
  }

  static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
