package org.commune.members;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** The organisation was created on this instance, with its first steward. */
public record OrganisationSetUp(
    UUID eventId, Instant at, String nameEn, String nameAr, String defaultLanguage, MemberId firstSteward) implements PublicFact {

  @Override
  public String entryType() {
    return "organisation.setup";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("name_en", nameEn, "name_ar", nameAr, "default_language", defaultLanguage,
        "first_steward", firstSteward.toString());
  }

  /** The organisation's names are public by its own choice: they are on its public pages. */
  @Override
  public Set<String> publishedAsIs() {
    return Set.of("name_en", "name_ar");
  }
}
