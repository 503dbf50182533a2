package org.commune.publishing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Announcements: a short public text in one language (English or Arabic, at most {@value #MAX_LENGTH}
 * characters) that the members who may publish articles post; followers elsewhere get it as a Note.
 * Withdrawing one is final: its text leaves the site and the federation sends a Delete.
 */
@Service
public class Announcements {

  public static final int MAX_LENGTH = 500;

  private final AnnouncementRepository announcements;
  private final Articles articles;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  Announcements(AnnouncementRepository announcements, Articles articles, Clock clock, ApplicationEventPublisher events) {
    this.announcements = announcements;
    this.articles = articles;
    this.clock = clock;
    this.events = events;
  }

  /** Publishes an announcement; {@link Articles.NotAllowed} for a member who may not publish. */
  @Transactional
  public UUID publish(MemberId author, @Nullable String language, @Nullable String body) {
    articles.checkPublisher(author);
    List<InvalidInput.Problem> problems = new ArrayList<>();
    if (!Articles.LANGUAGES.contains(language)) {
      problems.add(new InvalidInput.Problem("language", "articles.language.invalid"));
    }
    if (body == null || body.isBlank()) {
      problems.add(new InvalidInput.Problem("body", "announcements.body.required"));
    } else if (body.strip().length() > MAX_LENGTH) {
      problems.add(new InvalidInput.Problem("body", "announcements.too-long"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    announcements.insert(id, language, body.strip(), author.value(), now);
    events.publishEvent(new AnnouncementPublished(UUID.randomUUID(), now, id, language));
    return id;
  }

  /** Withdraws an announcement; {@link Articles.NotAllowed} for a member who may not publish. */
  @Transactional
  public void withdraw(MemberId editor, UUID announcement) {
    articles.checkPublisher(editor);
    Instant now = clock.instant();
    if (announcements.find(announcement).isEmpty()) {
      throw InvalidInput.of("form", "announcements.unknown");
    }
    if (!announcements.withdraw(announcement, editor.value(), now)) {
      throw InvalidInput.of("form", "announcements.withdrawn.already");
    }
    events.publishEvent(new AnnouncementWithdrawn(UUID.randomUUID(), now, announcement));
  }

  /** One announcement, standing or withdrawn (a withdrawn one carries no text). */
  public Optional<Announcement> find(UUID id) {
    return announcements.find(id);
  }

  /** Standing announcements, newest first. */
  public List<Announcement> newest(int offset, int count) {
    return announcements.newest(offset, count);
  }
}
