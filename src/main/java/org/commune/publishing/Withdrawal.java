package org.commune.publishing;

import java.time.Instant;
import java.util.UUID;

/** What stays of a withdrawn article: the tombstone's reason, the editor's note, and when. */
public record Withdrawal(UUID article, WithdrawalReason reason, String note, Instant at) {}
