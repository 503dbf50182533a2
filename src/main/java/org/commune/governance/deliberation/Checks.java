package org.commune.governance.deliberation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.jspecify.annotations.Nullable;

/**
 * The checks every part of deliberation makes on what a member sends: an id that parses, a text that is
 * there and not too long, a proposal the member may see. Each failure names its field and a message
 * key; nothing is written before they pass.
 */
final class Checks {

  private Checks() {}

  /** The id, or the problem explained with {@code key} on {@code field}. */
  static UUID uuid(@Nullable String text, String field, String key) {
    try {
      return UUID.fromString(text == null ? "" : text.strip());
    } catch (IllegalArgumentException e) {
      throw InvalidInput.of(field, key);
    }
  }

  /** The text without surrounding spaces; a problem is added when it is missing (and required) or too long. */
  static String text(@Nullable String value, String field, int max, boolean required, List<InvalidInput.Problem> problems) {
    String text = value == null ? "" : value.strip();
    if (required && text.isEmpty()) {
      problems.add(new InvalidInput.Problem(field, "input.required"));
    } else if (text.length() > max) {
      problems.add(new InvalidInput.Problem(field, "input.too-long"));
    }
    return text;
  }

  /** As {@link #text(String, String, int, boolean, List)}, throwing at once. */
  static String text(@Nullable String value, String field, int max, boolean required) {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    String text = text(value, field, max, required, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    return text;
  }

  /** The proposal as the member may see it (another member's draft is as unknown as a wrong id). */
  static ProposalView visible(Proposals proposals, ProposalId id, MemberId member) {
    return proposals.find(id, member).orElseThrow(() -> InvalidInput.of("form", "proposals.unknown"));
  }

  /** Display names of the members (members who left are absent). */
  static Map<MemberId, String> names(Members members, List<UUID> ids) {
    Set<MemberId> unique = new HashSet<>();
    ids.forEach(i -> unique.add(new MemberId(i)));
    return members.displayNames(unique);
  }

  /** Rows of what was said to a member, with their authors' display names. */
  static List<Addressed> addressed(Members members, List<DeliberationRepository.AddressedRow> rows) {
    Map<MemberId, String> names = names(members, rows.stream().map(DeliberationRepository.AddressedRow::author).toList());
    return rows.stream().map(r -> new Addressed(new ProposalId(r.proposal()), r.title(),
        names.getOrDefault(new MemberId(r.author()), ""), r.at())).toList();
  }
}
