package org.commune.governance;

import java.util.UUID;
import org.commune.members.MemberId;
import org.jspecify.annotations.Nullable;

/** How a member's vote was counted when a vote closed: cast by a voter (themselves or a delegate), or not at all. */
public sealed interface VoteRoute {

  /** The member's vote was cast by {@code voter}: the member themselves, or the delegate who voted for them. */
  record CastBy(MemberId voter) implements VoteRoute {}

  /** Neither the member nor any delegate voted for them. */
  record NotCast() implements VoteRoute {}

  static VoteRoute of(@Nullable UUID castBy) {
    return castBy == null ? new NotCast() : new CastBy(new MemberId(castBy));
  }
}
