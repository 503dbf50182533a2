package org.commune.governance.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.governance.DecisionType;
import org.commune.governance.DiscussionNotice;
import org.commune.governance.ProposalView;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.web.UnreadNotifications;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
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
    OPENED, VOTING, CLOSING, RESULT,
    /** Someone proposed an amendment to the member's proposal. */
    AMENDMENT,
    /** Someone mentioned the member (@username) in a comment. */
    MENTION,
    /** Someone replied to the member's comment. */
    REPLY;

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
        // The vote on an amendment says so ("Voting has opened on an amendment to …").
        String key = "mail.notify." + kind.code() + (proposal.type() == DecisionType.AMENDMENT ? ".amendment" : "");
        members.mail(member.id(), key + ".subject", key + ".body", proposal.title(), link);
      }
    }
  }

  /**
   * Members named in a discussion hear of it: the proposal's author of an amendment, a member of a
   * mention, a comment's author of a reply; by their choice for that kind, never the writer themself.
   * Heard in the transaction that stored what was said.
   */
  @EventListener
  void on(DiscussionNotice notice) {
    Kind kind = Kind.valueOf(notice.kind().name());
    Map<UUID, NotificationRepository.Choice> choices = notifications.choices(kind.code());
    String link = publicUrl + "/proposals/" + notice.proposal() + anchor(kind.code(), notice.about());
    String actor = members.displayNames(Set.of(notice.actor())).getOrDefault(notice.actor(), "");
    for (MemberId member : notice.to()) {
      if (member.equals(notice.actor())) {
        continue;
      }
      NotificationRepository.Choice choice = choices.getOrDefault(member.value(), DEFAULT);
      boolean fresh = true;
      if (choice.inApp()) {
        fresh = notifications.insert(member.value(), kind.code(), notice.proposal().value(), notice.about(),
            notice.actor().value(), notice.at());
      }
      if (choice.email() && fresh) {
        members.mail(member, "mail.notify." + kind.code() + ".subject", "mail.notify." + kind.code() + ".body",
            notice.title(), link, actor);
      }
    }
  }

  /** A comment or amendment is gone from view: what was not read about it is no longer listed. */
  @EventListener
  void on(DiscussionNotice.Gone gone) {
    notifications.forgetUnread(gone.about());
  }

  /** Where on the proposal's page a notification points: the amendment or comment it is about. */
  static String anchor(String kind, @Nullable UUID about) {
    if (about == null) {
      return "";
    }
    return switch (kind) {
      case "amendment" -> "#amendment-" + about;
      case "mention", "reply" -> "#c-" + about;
      default -> "";
    };
  }

  /**
   * One notification as the page lists it.
   *
   * @param anchor where on the proposal's page it points ("" for the page itself)
   * @param actor the name of who wrote what it is about ("" for phase changes and results)
   * @param ofAmendment the proposal is the vote on an amendment (said so in the notification)
   */
  public record Item(String kind, String proposal, String title, Instant at, boolean read, String anchor,
      String actor, boolean ofAmendment) {}

  /** One kind with the member's choice. */
  public record Choice(String kind, boolean inApp, boolean email) {}

  public List<Item> newest(MemberId member) {
    var rows = notifications.newest(member.value(), 50);
    Set<MemberId> actors = new HashSet<>();
    rows.stream().filter(r -> r.actor() != null).forEach(r -> actors.add(new MemberId(r.actor())));
    Map<MemberId, String> names = actors.isEmpty() ? Map.of() : members.displayNames(actors);
    return rows.stream().map(r -> new Item(r.kind(), r.proposal().toString(), r.title(), r.at(),
        r.read(), anchor(r.kind(), r.about()), r.actor() == null ? "" : names.getOrDefault(new MemberId(r.actor()), ""),
        r.ofAmendment())).toList();
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
