package org.commune.members;

/** The organisation's public profile and settings. */
public record OrganisationProfile(String nameEn, String nameAr, String defaultLanguage, boolean openRegistration) {

  /** The name in the given language. */
  public String name(String language) {
    return "ar".equals(language) ? nameAr : nameEn;
  }
}
