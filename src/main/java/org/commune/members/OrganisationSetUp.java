package org.commune.members;

import java.time.Instant;
import java.util.UUID;

/** The organisation was created on this instance, with its first steward. */
public record OrganisationSetUp(
    UUID eventId, Instant at, String nameEn, String nameAr, String defaultLanguage, MemberId firstSteward) {}
