package org.commune.members;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Branches, committees and working groups, and who is in them. Every change is public, with a reason. */
@Service
public class Groups {

  private final GroupRepository groups;
  private final MemberRepository members;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Groups(GroupRepository groups, MemberRepository members, ApplicationEventPublisher events, Clock clock) {
    this.groups = groups;
    this.members = members;
    this.events = events;
    this.clock = clock;
  }

  public List<GroupSummary> all() {
    return groups.all();
  }

  public Optional<GroupSummary> bySlug(String slug) {
    return groups.bySlug(slug);
  }

  public Optional<GroupSummary> byId(GroupId id) {
    return groups.byId(id);
  }

  public List<GroupSummary> of(MemberId member) {
    return groups.of(member);
  }

  public List<MemberSummary> members(GroupId group) {
    return groups.memberIds(group).stream()
        .map(members::findById)
        .flatMap(Optional::stream)
        .map(MemberSummary::of)
        .toList();
  }

  @Transactional
  public GroupId create(MemberId steward, String slug, String nameEn, String nameAr, String kind) {
    InputChecks checks = new InputChecks();
    checks.slug("slug", slug).text("nameEn", nameEn, 120).text("nameAr", nameAr, 120);
    Optional<GroupKind> groupKind = GroupKind.fromCode(kind == null ? "" : kind);
    if (groupKind.isEmpty()) {
      checks.problem("kind", "groups.kind.invalid");
    }
    checks.throwIfAny();
    if (groups.slugTaken(slug)) {
      throw InvalidInput.of("slug", "groups.slug.taken");
    }
    GroupId id = GroupId.random();
    try {
      groups.insert(id, slug, nameEn.strip(), nameAr.strip(), groupKind.get());
    } catch (DuplicateKeyException takenMeanwhile) {
      throw InvalidInput.of("slug", "groups.slug.taken");
    }
    events.publishEvent(
        new GroupCreated(UUID.randomUUID(), clock.instant(), id, slug, nameEn.strip(), nameAr.strip(), groupKind.get(), steward));
    return id;
  }

  @Transactional
  public void add(MemberId steward, GroupId group, String username, String reason) {
    change(steward, group, username, reason, true);
  }

  @Transactional
  public void remove(MemberId steward, GroupId group, String username, String reason) {
    change(steward, group, username, reason, false);
  }

  /** Adds or removes a member, with a public reason; refuses a change that changes nothing. */
  private void change(MemberId steward, GroupId group, String username, String reason, boolean add) {
    new InputChecks().text("reason", reason, Members.MAX_REASON).throwIfAny();
    MemberRecord member = existing(username);
    boolean changed = add ? groups.add(group, member.id()) : groups.remove(group, member.id());
    if (!changed) {
      throw InvalidInput.of("username", add ? "groups.member.already" : "groups.member.absent");
    }
    events.publishEvent(
        new GroupMembershipChanged(UUID.randomUUID(), clock.instant(), group, member.id(), add, steward, reason.strip()));
  }

  /** At most this many usernames at once. */
  static final int MAX_BULK = 1000;

  /**
   * Adds several members at once (picked from a list or pasted usernames, separated by spaces, commas
   * or lines), with one public reason. All or nothing: an unknown username refuses the whole change,
   * naming each. Members already in the group are left as they are. Returns how many were added.
   */
  @Transactional
  public int addMany(MemberId steward, GroupId group, Collection<String> usernames, String reason) {
    new InputChecks().text("reason", reason, Members.MAX_REASON).throwIfAny();
    Set<String> wanted = new LinkedHashSet<>();
    for (String given : usernames) {
      for (String name : (given == null ? "" : given).split("[\\s,;\u060C]+")) {
        if (!name.isBlank()) {
          wanted.add(InputChecks.normaliseUsername(name));
        }
      }
    }
    if (wanted.isEmpty()) {
      throw InvalidInput.of("usernames", "groups.bulk.empty");
    }
    if (wanted.size() > MAX_BULK) {
      throw InvalidInput.of("usernames", "groups.bulk.too-many");
    }
    List<MemberRecord> found = new ArrayList<>();
    List<InvalidList.Problem> unknown = new ArrayList<>();
    int position = 0;
    for (String username : wanted) {
      position++;
      Optional<MemberRecord> member = members.findByUsername(username);
      if (member.isEmpty()) {
        unknown.add(new InvalidList.Problem(position, "groups.bulk.unknown", username));
      } else {
        found.add(member.get());
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidList(unknown, wanted.size());
    }
    int added = 0;
    for (MemberRecord member : found) {
      if (groups.add(group, member.id())) {
        added++;
        events.publishEvent(new GroupMembershipChanged(
            UUID.randomUUID(), clock.instant(), group, member.id(), true, steward, reason.strip()));
      }
    }
    return added;
  }

  /** Adds a member who joined through an invitation to the invitation's group. */
  void addOnJoining(GroupId group, MemberId member) {
    if (groups.add(group, member)) {
      events.publishEvent(
          new GroupMembershipChanged(UUID.randomUUID(), clock.instant(), group, member, true, null, "invitation"));
    }
  }

  private MemberRecord existing(String username) {
    return members
        .findByUsername(InputChecks.normaliseUsername(username))
        .orElseThrow(() -> InvalidInput.of("username", "members.unknown"));
  }
}
