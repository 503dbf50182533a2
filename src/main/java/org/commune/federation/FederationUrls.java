package org.commune.federation;

import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Every ActivityPub id Commune mints, in one place so that they never drift apart. Object ids are the
 * public pages' own addresses (content negotiation gives servers JSON-LD at the same URL).
 */
@Component
public class FederationUrls {

  /** What servers ask for and what Commune answers with. */
  public static final String ACTIVITY_JSON = "application/activity+json";
  public static final String LD_JSON = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
  public static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

  private final FederationSettings settings;

  public FederationUrls(FederationSettings settings) {
    this.settings = settings;
  }

  public String base() {
    return settings.publicUrl();
  }

  /** The organisation's actor. */
  public String actor() {
    return base() + "/actors/" + settings.handle();
  }

  public String keyId() {
    return actor() + "#main-key";
  }

  public String inbox() {
    return actor() + "/inbox";
  }

  public String outbox() {
    return actor() + "/outbox";
  }

  public String followers() {
    return actor() + "/followers";
  }

  public String following() {
    return actor() + "/following";
  }

  public String sharedInbox() {
    return base() + "/inbox";
  }

  public String article(UUID article) {
    return base() + "/articles/" + article;
  }

  /** An announcement: its public page is its Note's id. */
  public String announcement(UUID announcement) {
    return base() + "/announcements/" + announcement;
  }

  /** A Note the organisation posted that has no page of its own (a vote's result). */
  public String note(UUID note) {
    return base() + "/notes/" + note;
  }

  /** An activity Commune sent (Create, Update, Delete, Accept, Follow, Move…): dereferenceable ids. */
  public String activity(UUID activity) {
    return base() + "/activities/" + activity;
  }
}
