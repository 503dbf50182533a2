package org.commune.federation.protocol;

import java.util.Locale;
import java.util.Optional;
import org.commune.federation.FederationSettings;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.ActorKeys;
import org.commune.members.MemberCounts;
import org.commune.members.Members;
import org.commune.members.Organisation;
import org.commune.members.OrganisationProfile;
import org.commune.publishing.Articles;
import org.commune.web.Json;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documents other servers read to find and follow the organisation: its actor (type Organization, with
 * its RSA key), the followers and following collections (counts only: who follows is not published),
 * WebFinger's JRD, host-meta's XRD and NodeInfo 2.1 (counts, no personal data).
 */
@Component
public class ActorDocuments {

  public static final String JRD = "application/jrd+json";
  public static final String NODEINFO_21 = "http://nodeinfo.diaspora.software/ns/schema/2.1";

  private final FederationUrls urls;
  private final FederationSettings settings;
  private final ActorKeys keys;
  private final ActorRepository actor;
  private final Followers followers;
  private final Allies allies;
  private final Organisation organisation;
  private final Members members;
  private final Articles articles;
  private final MessageSource messages;
  private final String version;

  ActorDocuments(FederationUrls urls, FederationSettings settings, ActorKeys keys, ActorRepository actor,
      Followers followers, Allies allies, Organisation organisation, Members members, Articles articles,
      MessageSource messages, ObjectProvider<BuildProperties> build) {
    this.urls = urls;
    this.settings = settings;
    this.keys = keys;
    this.actor = actor;
    this.followers = followers;
    this.allies = allies;
    this.organisation = organisation;
    this.members = members;
    this.articles = articles;
    this.messages = messages;
    BuildProperties properties = build.getIfAvailable();
    String packaged = ActorDocuments.class.getPackage().getImplementationVersion();
    this.version = properties != null ? properties.getVersion() : packaged != null ? packaged : "dev";
  }

  /** The handle people type to follow: {@code @org@host}. */
  public String handle() {
    return "@" + settings.handle() + "@" + settings.host();
  }

  /** The organisation actor's JSON-LD document. */
  public String actor() {
    ActorRepository.ActorState state = actor.state();
    OrganisationProfile profile = profile();
    ObjectNode doc = Json.MAPPER.createObjectNode();
    ArrayNode context = doc.putArray("@context");
    context.add(Activities.AS).add("https://w3id.org/security/v1");
    ObjectNode terms = context.addObject();
    terms.put("toot", "http://joinmastodon.org/ns#");
    terms.put("manuallyApprovesFollowers", "as:manuallyApprovesFollowers");
    terms.put("discoverable", "toot:discoverable");
    terms.putObject("alsoKnownAs").put("@id", "as:alsoKnownAs").put("@type", "@id");
    terms.putObject("movedTo").put("@id", "as:movedTo").put("@type", "@id");
    doc.put("id", urls.actor());
    doc.put("type", "Organization");
    doc.put("preferredUsername", settings.handle());
    String language = profile.defaultLanguage();
    doc.put("name", profile.name(language));
    doc.putObject("nameMap").put("en", profile.nameEn()).put("ar", profile.nameAr());
    doc.put("summary", summary(profile, language));
    doc.putObject("summaryMap").put("en", summary(profile, "en")).put("ar", summary(profile, "ar"));
    doc.put("url", urls.actor());
    doc.put("inbox", urls.inbox());
    doc.put("outbox", urls.outbox());
    doc.put("followers", urls.followers());
    doc.put("following", urls.following());
    doc.putObject("endpoints").put("sharedInbox", urls.sharedInbox());
    ObjectNode key = doc.putObject("publicKey");
    key.put("id", urls.keyId());
    key.put("owner", urls.actor());
    key.put("publicKeyPem", keys.publicKeyPem());
    doc.put("manuallyApprovesFollowers", state.manuallyApprovesFollowers());
    doc.put("discoverable", true);
    ArrayNode aka = doc.putArray("alsoKnownAs");
    state.alsoKnownAs().forEach(aka::add);
    if (state.movedTo() != null) {
      doc.put("movedTo", state.movedTo());
    }
    return Json.MAPPER.writeValueAsString(doc);
  }

  /** The followers or following collection: an OrderedCollection with its size and no items. */
  public String collection(String id, long total) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("@context", Activities.AS);
    doc.put("id", id);
    doc.put("type", "OrderedCollection");
    doc.put("totalItems", total);
    return Json.MAPPER.writeValueAsString(doc);
  }

  public String followers() {
    return collection(urls.followers(), followers.count());
  }

  public String following() {
    return collection(urls.following(), allies.count());
  }

  /**
   * WebFinger's answer for {@code acct:handle@host} or the actor's URL (case of the handle and host
   * ignored, as Mastodon does); empty for any other resource.
   */
  public Optional<String> webfinger(String resource) {
    String acct = "acct:" + settings.handle() + "@" + settings.host();
    String asked = resource.strip();
    if (!asked.equalsIgnoreCase(acct) && !asked.equals(urls.actor())) {
      return Optional.empty();
    }
    ObjectNode jrd = Json.MAPPER.createObjectNode();
    jrd.put("subject", acct);
    jrd.putArray("aliases").add(urls.actor());
    ArrayNode links = jrd.putArray("links");
    links.addObject().put("rel", "self").put("type", "application/activity+json").put("href", urls.actor());
    links.addObject().put("rel", "http://webfinger.net/rel/profile-page").put("type", "text/html")
        .put("href", urls.actor());
    return Optional.of(Json.MAPPER.writeValueAsString(jrd));
  }

  /** host-meta (XRD) pointing WebFinger look-ups at this server, as Pleroma and Akkoma ask for it. */
  public String hostMeta() {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
          <Link rel="lrdd" type="application/xrd+xml" template="%s/.well-known/webfinger?resource={uri}"/>
        </XRD>
        """.formatted(HtmlUtils.htmlEscape(urls.base()));
  }

  public String nodeinfoLinks() {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.putArray("links").addObject().put("rel", NODEINFO_21).put("href", urls.base() + "/nodeinfo/2.1");
    return Json.MAPPER.writeValueAsString(doc);
  }

  /** NodeInfo 2.1: what software, which protocol, how many members and articles; no names, no addresses. */
  public String nodeinfo() {
    MemberCounts counts = members.counts();
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("version", "2.1");
    ObjectNode software = doc.putObject("software");
    software.put("name", "commune");
    software.put("version", version);
    doc.putArray("protocols").add("activitypub");
    ObjectNode services = doc.putObject("services");
    services.putArray("inbound");
    services.putArray("outbound").add("atom1.0");
    doc.put("openRegistrations", false);
    ObjectNode usage = doc.putObject("usage");
    usage.putObject("users").put("total", counts.total()).put("activeMonth", counts.activeMonth())
        .put("activeHalfyear", counts.activeHalfYear());
    usage.put("localPosts", articles.publishedCount());
    OrganisationProfile profile = profile();
    doc.putObject("metadata").put("nodeName", profile.name(profile.defaultLanguage()));
    return Json.MAPPER.writeValueAsString(doc);
  }

  private OrganisationProfile profile() {
    return organisation.profile().orElseGet(() -> new OrganisationProfile("Commune", "كومون", "en", false));
  }

  private String summary(OrganisationProfile profile, String language) {
    Locale locale = Locale.forLanguageTag(language);
    return "<p>" + HtmlUtils.htmlEscape(messages.getMessage("federation.actor.summary",
        new Object[] {profile.name(language)}, locale)) + "</p>";
  }
}
