package org.commune.ai;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.commune.governance.DecisionTaken;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.MemberId;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AI charter in force and its history. A charter takes effect only when a proposal of type
 * "ai-charter" passes; each version cites that decision. Before the first one, nothing is allowed.
 */
@Service
public class Charters {

  static final String TYPE = "ai-charter";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CharterRepository charters;
  private final Proposals proposals;
  private final Clock clock;

  Charters(CharterRepository charters, Proposals proposals, Clock clock) {
    this.charters = charters;
    this.proposals = proposals;
    this.clock = clock;
    this.inForce = new Refreshing<>(() -> charters.current().map(Charters::version));
  }

  /** A charter version: its number, its clauses, when it was adopted and by which decision. */
  public record Version(int version, Charter charter, Instant adoptedAt, UUID decision) {}

  /**
   * The charter in force. Read at most every few seconds (it changes only when a vote passes), so a
   * newly adopted charter takes effect within {@link Refreshing#FRESH} on every server; on this one at once.
   */
  public Optional<Version> current() {
    return inForce.get();
  }

  private final Refreshing<Optional<Version>> inForce;

  public List<Version> history() {
    return charters.history().stream().map(Charters::version).toList();
  }

  /** Puts a charter to the members' vote; it takes effect only if the proposal passes. */
  @Transactional
  public ProposalId propose(MemberId author, String title, String body, Charter charter, int votingDays) {
    return proposals.proposeDocument(author, TYPE, title, body, JSON.writeValueAsString(charter.checked()), votingDays);
  }

  /** A passed "ai-charter" proposal: its charter becomes the next version. */
  @ApplicationModuleListener
  void on(DecisionTaken decision) {
    if (TYPE.equals(decision.type()) && decision.payload() != null) {
      Charter charter = JSON.readValue(decision.payload(), Charter.class).checked();
      charters.adopt(JSON.writeValueAsString(charter), clock.instant(), decision.proposal().value());
      inForce.reset();
    }
  }

  /** The charter as members read it on the charter page. */
  public static String json(Charter charter) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(charter);
  }

  private static Version version(CharterRepository.Row row) {
    return new Version(row.version(), JSON.readValue(row.charter(), Charter.class), row.adoptedAt(), row.adoptedBy());
  }
}
