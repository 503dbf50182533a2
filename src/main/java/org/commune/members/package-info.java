/**
 * Members and their organisation: the organisation's profile and settings, accounts (username,
 * display name, optional email), sign-in (Argon2id passwords, TOTP with recovery codes, passkeys,
 * password reset by email), invitations and open registration, groups and roles, data export and
 * account deletion.
 *
 * <p>Publishes {@link org.commune.members.OrganisationSetUp}, {@link
 * org.commune.members.OrganisationSettingChanged}, {@link org.commune.members.MemberJoined},
 * {@link org.commune.members.MemberLeft}, {@link org.commune.members.RoleChanged}, {@link
 * org.commune.members.GroupCreated} and {@link org.commune.members.GroupMembershipChanged}. Listens
 * to nothing.
 */
@ApplicationModule(allowedDependencies = {"web", "database", "transparency", "search"})
@NullMarked
package org.commune.members;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
