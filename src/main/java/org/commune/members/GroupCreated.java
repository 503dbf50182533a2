package org.commune.members;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** A group was created. */
public record GroupCreated(
    UUID eventId, Instant at, GroupId group, String slug, String nameEn, String nameAr, GroupKind kind,
    MemberId createdBy) implements PublicFact {

  @Override
  public String entryType() {
    return "group.created";
  }

  /** Not the names or the slug: members chose them, the members' pages show them. */
  @Override
  public Map<String, String> facts() {
    return PublicFact.of("group", group.toString(), "kind", kind.code(), "by", createdBy.toString());
  }
}
