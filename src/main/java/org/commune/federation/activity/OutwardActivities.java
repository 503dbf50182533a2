package org.commune.federation.activity;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.commune.federation.FederationUrls;
import org.commune.federation.delivery.Deliveries;
import org.commune.governance.Outcome;
import org.commune.governance.VoteClosed;
import org.commune.publishing.Announcement;
import org.commune.publishing.AnnouncementPublished;
import org.commune.publishing.AnnouncementWithdrawn;
import org.commune.publishing.Announcements;
import org.commune.publishing.ArticleCorrected;
import org.commune.publishing.ArticlePublished;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.ArticleWithdrawn;
import org.commune.publishing.Articles;
import org.commune.web.DefaultLanguage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * What the organisation tells its followers: a new article (Create), a new language or revision of one and
 * a correction (Update), a withdrawal (Delete with a Tombstone), a vote's result and an announcement (Note).
 * Each activity takes the id of the event it answers, so an event handled twice (after a restart) sends
 * nothing twice. Text is read when the event is handled: the newest state goes out.
 */
@Component
class OutwardActivities {

  private static final Logger LOG = LoggerFactory.getLogger(OutwardActivities.class);

  private final Articles articles;
  private final Announcements announcements;
  private final ActivityDocuments documents;
  private final Deliveries deliveries;
  private final FederationUrls urls;
  private final DefaultLanguage defaultLanguage;
  private final MessageSource messages;

  OutwardActivities(Articles articles, Announcements announcements, ActivityDocuments documents, Deliveries deliveries,
      FederationUrls urls, DefaultLanguage defaultLanguage, MessageSource messages) {
    this.articles = articles;
    this.announcements = announcements;
    this.documents = documents;
    this.deliveries = deliveries;
    this.urls = urls;
    this.defaultLanguage = defaultLanguage;
    this.messages = messages;
  }

  @ApplicationModuleListener
  void on(ArticlePublished published) {
    article(published.newArticle() ? "Create" : "Update", published.eventId(), published.article(), published.at());
  }

  @ApplicationModuleListener
  void on(ArticleCorrected corrected) {
    article("Update", corrected.eventId(), corrected.article(), corrected.at());
  }

  @ApplicationModuleListener
  void on(ArticleWithdrawn withdrawn) {
    String id = urls.article(withdrawn.article());
    deliveries.sendToFollowers(withdrawn.eventId(), documents.activity("Delete", withdrawn.eventId(),
        documents.tombstone(id, "Article", withdrawn.at()), withdrawn.at()));
  }

  private void article(String type, UUID activity, UUID article, Instant at) {
    List<ArticleVersion> versions = articles.versions(article);
    if (versions.isEmpty()) {
      return; // withdrawn meanwhile: its Delete follows
    }
    deliveries.sendToFollowers(activity, documents.activity(type, activity,
        documents.article(versions, defaultLanguage.get()), at));
  }

  /**
   * A vote's result as a Note in the organisation's language: the outcome and the turnout, counts only (the
   * proposal's title is members' text and stays inside), linking to the public log's vote results.
   */
  @ApplicationModuleListener
  void on(VoteClosed closed) {
    if (Outcome.fromCode(closed.outcome()).isEmpty()) {
      LOG.warn("A vote closed with an outcome federation does not know: {}", closed.outcome());
      return;
    }
    String language = defaultLanguage.get();
    Locale locale = Locale.forLanguageTag(language);
    String log = urls.base() + "/log?type=vote.closed";
    String html = "<p>" + HtmlUtils.htmlEscape(messages.getMessage("federation.note.vote." + closed.outcome(),
        new Object[] {closed.ballots(), closed.eligible()}, locale)) + "</p><p><a href=\"" + HtmlUtils.htmlEscape(log)
        + "\">" + HtmlUtils.htmlEscape(messages.getMessage("federation.note.vote.link", null, locale)) + "</a></p>";
    Map<String, Object> note = documents.note(urls.note(closed.eventId()), language, html, log, closed.at());
    deliveries.sendToFollowers(closed.eventId(), documents.activity("Create", closed.eventId(), note, closed.at()));
  }

  @ApplicationModuleListener
  void on(AnnouncementPublished published) {
    announcements.find(published.announcement()).filter(a -> !a.withdrawn()).ifPresent(
        (Announcement a) -> deliveries.sendToFollowers(published.eventId(),
            documents.activity("Create", published.eventId(), documents.announcement(a), published.at())));
  }

  @ApplicationModuleListener
  void on(AnnouncementWithdrawn withdrawn) {
    deliveries.sendToFollowers(withdrawn.eventId(), documents.activity("Delete", withdrawn.eventId(),
        documents.tombstone(urls.announcement(withdrawn.announcement()), "Note", withdrawn.at()), withdrawn.at()));
  }
}
