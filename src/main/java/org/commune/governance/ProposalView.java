package org.commune.governance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A proposal as pages show it. {@code result} is the full printed count once decided. Dates: created,
 * discussion started (null while a draft), voting opens ({@code openedAt}, planned until then), closes,
 * decided.
 */
public record ProposalView(
    ProposalId id,
    String title,
    String body,
    DecisionType type,
    VotingMethod method,
    List<String> options,
    ProposalPhase phase,
    UUID author,
    @Nullable UUID group,
    int seats,
    int maxScore,
    boolean secret,
    Instant createdAt,
    @Nullable Instant discussionAt,
    Instant openedAt,
    Instant closesAt,
    @Nullable Instant decidedAt,
    long eligible,
    long ballots,
    long tieSeed,
    String threshold,
    String quorum,
    @Nullable Outcome outcome,
    @Nullable String result,
    @Nullable UUID amends,
    @Nullable String payload,
    @Nullable String implementation,
    int maxApprovals) {

  public boolean open() {
    return phase == ProposalPhase.VOTING;
  }

  public boolean draft() {
    return phase == ProposalPhase.DRAFT;
  }

  public boolean inDiscussion() {
    return phase == ProposalPhase.DISCUSSION;
  }

  /** Text can still change (by its author, or by an accepted amendment): a draft or under discussion. */
  public boolean amendable() {
    return phase.amendable();
  }

  /** Members may comment: during discussion and while voting. */
  public boolean openForComments() {
    return phase.openForComments();
  }

  /** A decision was taken that can be carried out: passed, or an option chosen. */
  public boolean taken() {
    return outcome != null && outcome.taken();
  }

  /** The outcome's code, as message keys name it; "" while undecided. */
  public String outcomeCode() {
    return outcome == null ? "" : outcome.code();
  }

  /**
   * The status a badge shows (the design system's {@code data-status}): the phase, or once decided the
   * outcome (passed, rejected, failed-quorum); implementation shows as implemented.
   */
  public String status() {
    if (phase == ProposalPhase.DECIDED && outcome != null) {
      return switch (outcome) {
        case ACCEPTED, CHOSEN -> "passed";
        case REJECTED -> "rejected";
        case FAILED_QUORUM -> "failed-quorum";
      };
    }
    return phase == ProposalPhase.IMPLEMENTATION ? "implemented" : phase.code();
  }

  /** The quorum as a percentage of the electorate (0: the rules set none). */
  public int quorumPercent() {
    String[] parts = quorum.split("/");
    long num = Long.parseLong(parts[0]);
    long den = Long.parseLong(parts[1]);
    return den == 0 ? 0 : (int) (num * 100 / den);
  }

  /** Ballots still needed for the quorum: the quorum's share of the electorate, rounded up. */
  public long quorumBallots() {
    String[] parts = quorum.split("/");
    long num = Long.parseLong(parts[0]);
    long den = Long.parseLong(parts[1]);
    return den == 0 ? 0 : (eligible * num + den - 1) / den;
  }

  public boolean decided() {
    return outcome != null;
  }

  /**
   * The design system's status for this proposal's badge ({@code data-status}): its phase while
   * undecided, its outcome once decided (passed, rejected, failed-quorum), "implemented" once carried out.
   */
  public String badge() {
    if (outcome == null) {
      return phase.code();
    }
    if (phase == ProposalPhase.IMPLEMENTATION) {
      return "implemented";
    }
    return switch (outcome) {
      case REJECTED -> "rejected";
      case FAILED_QUORUM -> "failed-quorum";
      default -> "passed";
    };
  }

  /** The message key naming {@link #badge()}: the outcome once decided, else the phase. */
  public String badgeKey() {
    return outcome == null || phase == ProposalPhase.IMPLEMENTATION ? "proposals.phase." + phase.code()
        : "proposals.outcome." + outcome.code();
  }
}
