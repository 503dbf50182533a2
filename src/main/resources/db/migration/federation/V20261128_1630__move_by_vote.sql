-- Moving house is the members' decision (attacker finding 4): the target of each passed "move" proposal,
-- written when the vote passes. The hand-over and the Move are refused for any other address.
CREATE TABLE federation_move_adopted (
  target text PRIMARY KEY,
  proposal uuid NOT NULL,
  adopted_at timestamptz NOT NULL
);
