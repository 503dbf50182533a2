/**
 * General assemblies: meetings with a date and place, an agenda of existing proposals, attendance
 * (members mark themselves present while the meeting is in session, or a steward records it), a quorum
 * by attendance, quick votes on agenda items during the meeting, and minutes published after it.
 *
 * <p>A quick vote is a governance proposal, cast and counted by governance ({@code Proposals}); this
 * module only opens it (through one adapter, {@code GovernanceVotes}), closes it when its minutes are up,
 * and records whether the meeting was quorate. Listens to governance's {@link org.commune.governance.VoteClosed}.
 *
 * <p>Publishes, for the public log, counts and ids only, never names or what a member wrote:
 * {@link org.commune.assembly.MeetingScheduled} (called or changed), {@link org.commune.assembly.MeetingOpened},
 * {@link org.commune.assembly.MeetingClosed} (present, members, quorum),
 * {@link org.commune.assembly.QuickVoteOpened}, {@link org.commune.assembly.QuickVoteClosed} and
 * {@link org.commune.assembly.MinutesPublished} (the SHA-256 of the published minutes, whose text is on
 * the meeting's public page). The root package is the API: the facade {@link org.commune.assembly.Meetings},
 * its views and events.
 */
@ApplicationModule(allowedDependencies = {"members", "governance", "web", "transparency"})
@NullMarked
package org.commune.assembly;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
