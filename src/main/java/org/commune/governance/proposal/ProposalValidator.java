package org.commune.governance.proposal;

import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.commune.governance.DecisionRules;
import org.commune.governance.DecisionType;
import org.commune.governance.NewProposal;
import org.commune.governance.VotingMethod;
import org.commune.governance.VotingRules;
import org.commune.governance.constitution.Constitution;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Checks what a member submits to propose a decision against the constitution's rules for its type,
 * and a proposal's text: every problem at once, each with its field and message key.
 */
@Component
public class ProposalValidator {

  static final int MAX_OPTIONS = 20;
  static final int MAX_TITLE = 200;
  static final int MAX_BODY = 20_000;

  private final Constitution constitution;
  private final Members members;
  private final Groups groups;

  ProposalValidator(Constitution constitution, Members members, Groups groups) {
    this.constitution = constitution;
    this.members = members;
    this.groups = groups;
  }

  /** A new proposal that passed every check: what {@link Proposals} stores. */
  public record Checked(String title, String body, DecisionType type, DecisionRules rules, VotingMethod method,
      List<String> options, @Nullable UUID group) {}

  /** The proposal as checked, or {@link InvalidInput} naming every problem. */
  public Checked check(MemberId author, NewProposal proposal) {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    String title = proposal.title() == null ? "" : proposal.title().strip();
    String body = proposal.body() == null ? "" : proposal.body().strip();
    if (title.isEmpty()) {
      problems.add(new InvalidInput.Problem("title", "input.required"));
    } else if (title.length() > MAX_TITLE) {
      problems.add(new InvalidInput.Problem("title", "input.too-long"));
    }
    if (body.length() > MAX_BODY) {
      problems.add(new InvalidInput.Problem("body", "input.too-long"));
    }
    Optional<DecisionType> type = DecisionType.fromCode(proposal.type() == null ? "" : proposal.type());
    Optional<DecisionRules> rules = type.flatMap(t -> constitution.current().rules(t.code()));
    // Types whose payload is acted on when they pass need one (a change of the constitution, a charter).
    if (rules.isEmpty() || type.get().needsPayload() && proposal.payload() == null) {
      problems.add(new InvalidInput.Problem("type", "proposals.type.invalid"));
    }
    Optional<VotingMethod> method = VotingMethod.fromCode(proposal.method() == null ? "" : proposal.method());
    if (method.isEmpty() || rules.isPresent() && !rules.get().allows(method.get())) {
      problems.add(new InvalidInput.Problem("method", "proposals.method.invalid"));
    }
    List<String> options = proposal.options().stream().map(String::strip).filter(o -> !visible(o).isEmpty()).toList();
    if (method.isPresent() && method.get().hasOptions()) {
      if (options.size() < 2 || options.size() > MAX_OPTIONS) {
        problems.add(new InvalidInput.Problem("options", "proposals.options.count"));
      } else if (options.stream().map(ProposalValidator::visible).distinct().count() != options.size()
          || options.stream().anyMatch(o -> o.length() > MAX_TITLE)) {
        problems.add(new InvalidInput.Problem("options", "proposals.options.distinct"));
      }
      if (method.get().multiSeat() && (proposal.seats() < 1 || proposal.seats() >= options.size())) {
        problems.add(new InvalidInput.Problem("seats", "proposals.seats.invalid"));
      }
    }
    if (proposal.maxApprovals() < 0 || proposal.maxApprovals() > options.size()) {
      problems.add(new InvalidInput.Problem("maxApprovals", "proposals.max-approvals.invalid"));
    }
    if (proposal.maxScore() != 5 && proposal.maxScore() != 10) {
      problems.add(new InvalidInput.Problem("maxScore", "proposals.max-score.invalid"));
    }
    rules.ifPresent(r -> problems.addAll(againstRules(author, proposal, r)));
    UUID group = null;
    if (proposal.group() != null && !proposal.group().isBlank()) {
      Optional<GroupId> found = groups.bySlug(proposal.group().strip()).map(g -> g.id());
      if (found.isEmpty()) {
        problems.add(new InvalidInput.Problem("group", "proposals.group.unknown"));
      } else if (groups.of(author).stream().noneMatch(g -> g.id().equals(found.get()))) {
        problems.add(new InvalidInput.Problem("group", "proposals.group.not-member"));
      } else {
        group = found.get().value();
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    return new Checked(title, body, type.orElseThrow(), rules.orElseThrow(), method.orElseThrow(),
        method.get().hasOptions() ? options : List.of(), group);
  }

  /** The constitution's floors for the type: days, quorum, and who may propose it. */
  private List<InvalidInput.Problem> againstRules(MemberId author, NewProposal proposal, DecisionRules r) {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    problems.addAll(votingTime(proposal.votingDuration(), r, constitution.current().voting()));
    if (proposal.discussionDays() < r.discussionDays() || proposal.discussionDays() > 30) {
      problems.add(new InvalidInput.Problem("discussion", "proposals.discussion.invalid"));
    }
    if (proposal.quorumPercent() < r.quorumPercent() || proposal.quorumPercent() > 100) {
      problems.add(new InvalidInput.Problem("quorum", "proposals.quorum.invalid"));
    }
    if ("steward".equals(r.proposers())
        && members.find(author).map(m -> m.role() != Role.STEWARD).orElse(true)) {
      problems.add(new InvalidInput.Problem("type", "proposals.type.stewards-only"));
    }
    return problems;
  }

  /**
   * The voting time against the constitution: within its voting rules' bounds ("days",
   * "proposals.duration.out-of-bounds"), and not shorter than the type's own floor in days, if it has one
   * ("proposals.days.below-rules").
   */
  public static List<InvalidInput.Problem> votingTime(Duration voting, DecisionRules r, VotingRules bounds) {
    if (!bounds.allows(voting)) {
      return List.of(new InvalidInput.Problem("days", "proposals.duration.out-of-bounds"));
    }
    if (voting.compareTo(Duration.ofDays(r.votingDays())) < 0) {
      return List.of(new InvalidInput.Problem("days", "proposals.days.below-rules"));
    }
    return List.of();
  }

  /** A proposal's new text: required, and not longer than a proposal may be. */
  public static String text(@Nullable String body) {
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      throw InvalidInput.of("body", "input.required");
    }
    if (text.length() > MAX_BODY) {
      throw InvalidInput.of("body", "input.too-long");
    }
    return text;
  }

  /** A proposal's new title (an amendment's): required, and not longer than a title may be. */
  public static String title(@Nullable String title) {
    String text = title == null ? "" : title.strip();
    if (text.isEmpty()) {
      throw InvalidInput.of("title", "input.required");
    }
    if (text.length() > MAX_TITLE) {
      throw InvalidInput.of("title", "input.too-long");
    }
    return text;
  }

  /**
   * An option as a reader tells it from others: compatibility forms folded, invisible format characters
   * (zero-width spaces, direction marks) removed, case ignored. "Salma", "Salma" with a zero-width space
   * and a zero-width space alone were three options before (attacker review).
   */
  static String visible(String option) {
    StringBuilder seen = new StringBuilder();
    Normalizer.normalize(option, Normalizer.Form.NFKC).codePoints()
        .filter(c -> Character.getType(c) != Character.FORMAT)
        .forEach(seen::appendCodePoint);
    return seen.toString().strip().toLowerCase(Locale.ROOT);
  }
}
