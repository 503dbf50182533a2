package org.commune.members;

import org.jspecify.annotations.Nullable;

/** What a person gives to become a member: a username and a display name (pseudonyms welcome), an optional email, a password. */
public record NewMember(
    String username, String displayName, @Nullable String email, String password, String language) {}
