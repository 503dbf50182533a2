package org.commune.members;

import java.time.Instant;
import java.util.UUID;

/** A public organisation setting changed (names, default language, open registration). */
public record OrganisationSettingChanged(
    UUID eventId, Instant at, String setting, String value, MemberId changedBy) {}
