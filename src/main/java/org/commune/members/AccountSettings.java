package org.commune.members;

import org.jspecify.annotations.Nullable;

/** A member's own settings as their form shows them; a null time zone means the organisation's. */
public record AccountSettings(String displayName, @Nullable String email, String language, @Nullable String timeZone) {}
