package org.commune.governance.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.governance.ProposalView;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.web.UnreadNotifications;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells members about proposals in their scope: opened for discussion, voting opened, closing within
 * 24 hours, result. Each member chooses, per kind, in the app and/or by email. The default is in the
 * app only: no mail leaves unless the member asked for it.
 */
@Service
public class Notifications implements UnreadNotifications {

  /** What happened. The code is stored and names the message keys. */
  public enum Kind {
    OPENED, VOTING, CLOSING, RESULT;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final NotificationRepository.Choice DEFAULT = new NotificationRepository.Choice(true, false);

  private final NotificationRepository notifications;
  private final Members members;
  private final Groups groups;
  private final Clock clock;
  private final String publicUrl;

  Notifications(NotificationRepository notifications, Members members, Groups groups, Clock clock,
      @Value("${commune.public-url}") String publicUrl) {
    this.notifications = notifications;
    this.members = members;
    this.groups = groups;
    this.clock = clock;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** Notifies everyone in the proposal's scope who wants this kind (drafts are never announced). */
  @Transactional
  public void send(Kind kind, ProposalView proposal) {
    if (proposal.draft()) {
      return;
    }
    List<MemberSummary> scope = proposal.group() == null ? members.all() : groups.members(new GroupId(proposal.group()));
    Map<UUID, NotificationRepository.Choice> choices = notifications.choices(kind.code());
    String link = publicUrl + "/proposals/" + proposal.id();
    for (MemberSummary member : scope) {
      NotificationRepository.Choice choice = choices.getOrDefault(member.id().value(), DEFAULT);
      if (choice.inApp()) {
        notifications.insert(member.id().value(), kind.code(), proposal.id().value(), clock.instant());
      }
      if (choice.email()) {
        members.mail(member.id(), "mail.notify." + kind.code() + ".subject", "mail.notify." + kind.code() + ".body",
            proposal.title(), link);
      }
    }
  }

  /** One notification as the page lists it. */
  public record Item(String kind, String proposal, String title, Instant at, boolean read) {}

  /** One kind with the member's choice. */
  public record Choice(String kind, boolean inApp, boolean email) {}

  public List<Item> newest(MemberId member) {
    return notifications.newest(member.value(), 50).stream()
        .map(r -> new Item(r.kind(), r.proposal().toString(), r.title(), r.at(), r.read())).toList();
  }

  public long unread(MemberId member) {
    return notifications.unread(member.value());
  }

  /** The count in every page's header: one index-only count of this member's unread notifications. */
  @Override
  public long unread(String memberId) {
    return notifications.unread(UUID.fromString(memberId));
  }

  @Transactional
  public void markAllRead(MemberId member) {
    notifications.markAllRead(member.value(), clock.instant());
  }

  public List<Choice> choices(MemberId member) {
    Map<String, NotificationRepository.Choice> chosen = notifications.choicesOf(member.value());
    return Arrays.stream(Kind.values()).map(k -> {
      var c = chosen.getOrDefault(k.code(), DEFAULT);
      return new Choice(k.code(), c.inApp(), c.email());
    }).toList();
  }

  /** Saves the member's choices: the kinds they want in the app and by email (unknown kinds are ignored). */
  @Transactional
  public void choose(MemberId member, Set<String> inApp, Set<String> email) {
    for (Kind kind : Kind.values()) {
      notifications.choose(member.value(), kind.code(),
          new NotificationRepository.Choice(inApp.contains(kind.code()), email.contains(kind.code())));
    }
  }
}
