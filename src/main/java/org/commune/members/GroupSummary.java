package org.commune.members;

/** A group with its size. */
public record GroupSummary(GroupId id, String slug, String nameEn, String nameAr, GroupKind kind, int members) {

  public String name(String language) {
    return "ar".equals(language) ? nameAr : nameEn;
  }
}
