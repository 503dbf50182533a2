package org.commune.members;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** A public organisation setting changed (names, default language, open registration). */
public record OrganisationSettingChanged(
    UUID eventId, Instant at, String setting, String value, MemberId changedBy) implements PublicFact {

  private static final Set<String> ORGANISATION_NAMES = Set.of("name_en", "name_ar");

  @Override
  public String entryType() {
    return "organisation.setting";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("setting", setting, "value", value, "by", changedBy.toString());
  }

  /** A new organisation name is public by the organisation's choice, as its first one was. */
  @Override
  public Set<String> publishedAsIs() {
    return ORGANISATION_NAMES.contains(setting) ? Set.of("value") : Set.of();
  }
}
