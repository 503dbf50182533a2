package org.commune.members;

import org.jspecify.annotations.Nullable;

/**
 * The organisation's public profile and settings. {@code timeZone} (an IANA zone id) is the default for
 * members who chose none; {@code digits} is {@code latn} (0-9) or {@code arab} (٠-٩). Either may be null
 * in a change request, meaning "leave as it is".
 */
public record OrganisationProfile(
    String nameEn, String nameAr, String defaultLanguage, boolean openRegistration,
    @Nullable String timeZone, @Nullable String digits) {

  public OrganisationProfile(String nameEn, String nameAr, String defaultLanguage, boolean openRegistration) {
    this(nameEn, nameAr, defaultLanguage, openRegistration, null, null);
  }

  /** The name in the given language. */
  public String name(String language) {
    return "ar".equals(language) ? nameAr : nameEn;
  }

  public String timeZoneOrUtc() {
    return timeZone == null ? "UTC" : timeZone;
  }

  public boolean arabicDigits() {
    return "arab".equals(digits);
  }
}
