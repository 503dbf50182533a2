/**
 * Members and their organisation: the organisation's profile and settings, accounts (username,
 * display name, optional email), sign-in (Argon2id passwords, TOTP with recovery codes, passkeys,
 * password reset by email, recovery links a steward issues), invitations (one at a time or a
 * list, mailed or printed with QR codes) and open registration, groups (with a page other modules add
 * sections to through {@link org.commune.web.GroupPageSections}) and roles, a member's own settings,
 * data export and account deletion.
 *
 * <p>Publishes {@link org.commune.members.OrganisationSetUp}, {@link
 * org.commune.members.OrganisationSettingChanged}, {@link org.commune.members.MemberJoined},
 * {@link org.commune.members.MemberLeft}, {@link org.commune.members.RoleChanged}, {@link
 * org.commune.members.GroupCreated}, {@link org.commune.members.GroupMembershipChanged}, {@link
 * org.commune.members.AccountRecoveryIssued} and {@link org.commune.members.AccountRecovered}. Listens
 * to nothing.
 */
@ApplicationModule(allowedDependencies = {"web", "database", "transparency", "search"})
@NullMarked
package org.commune.members;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
