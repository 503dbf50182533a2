package org.commune.governance;

import java.time.Instant;
import java.util.UUID;
import org.commune.members.MemberId;

/** A proposal was put to a vote; the draw seed for ties is published with it, before anyone votes. */
public record ProposalOpened(UUID eventId, Instant at, ProposalId proposal, String title, String method,
    Instant closesAt, long tieSeed, MemberId author) {}
