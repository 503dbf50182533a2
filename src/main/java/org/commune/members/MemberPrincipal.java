package org.commune.members;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.commune.web.PreferredLanguage;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in member as Spring Security holds it. Equal by member id, so that the session
 * registry finds all of one member's sessions.
 */
public final class MemberPrincipal implements UserDetails, CredentialsContainer, PreferredLanguage {

  private final MemberId id;
  private final String username;
  private final String displayName;
  private final Role role;
  private final String language;
  private final @Nullable String timeZone;
  private @Nullable String passwordHash;

  MemberPrincipal(MemberRecord record) {
    this.id = record.id();
    this.username = record.username();
    this.displayName = record.displayName();
    this.role = record.role();
    this.language = record.language();
    this.timeZone = record.timeZone();
    this.passwordHash = record.passwordHash();
  }

  public MemberId id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** The member's chosen IANA time zone, or null for the organisation's default. */
  public @Nullable String timeZone() {
    return timeZone;
  }

  public Role role() {
    return role;
  }

  @Override
  public String language() {
    return language;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
  }

  @Override
  public @Nullable String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return username;
  }

  @Override
  public void eraseCredentials() {
    passwordHash = null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MemberPrincipal that && that.id.equals(id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id);
  }

  @Override
  public String toString() {
    return "MemberPrincipal[" + id + "]";
  }
}
