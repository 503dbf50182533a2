package org.commune.members;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;
import org.jspecify.annotations.Nullable;

/** A member was added to or removed from a group, by whom (none when they joined by invitation) and why. */
public record GroupMembershipChanged(
    UUID eventId, Instant at, GroupId group, MemberId member, boolean added, @Nullable MemberId changedBy,
    String reason) implements PublicFact {

  @Override
  public String entryType() {
    return added ? "group.member-added" : "group.member-removed";
  }

  /** Not the reason: members wrote it. */
  @Override
  public Map<String, String> facts() {
    return PublicFact.of("group", group.toString(), "member", member.toString(),
        "by", changedBy == null ? null : changedBy.toString());
  }
}
