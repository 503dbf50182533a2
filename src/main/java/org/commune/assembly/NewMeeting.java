package org.commune.assembly;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a steward submits to call a meeting.
 *
 * @param startsAt when it starts (null: the form's date could not be read)
 * @param place where, or the link to join (plain text, optional)
 * @param quorumKind "" (no quorum), "number" (members present) or "percent" (of all members)
 * @param quorumValue the number or the percentage
 * @param voters who may vote in its quick votes: "all" members, or only those "present"
 */
public record NewMeeting(String title, @Nullable Instant startsAt, String place, String quorumKind, int quorumValue,
    String voters) {}
