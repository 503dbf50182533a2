package org.commune.governance;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The organisation's rules as data: one {@link DecisionRules} per decision type. The types are fixed
 * (the code knows what each does); their rules change only by a passed "constitution" proposal.
 */
public record ConstitutionRules(Map<String, DecisionRules> types, List<String> publicRoles,
    VotingRules voting) {

  /**
   * Roles whose holders the public pages may name (elected officers, whose names are public anyway):
   * by default none. Changed only by a passed "constitution" proposal, like the rules.
   */
  public static final List<String> NAMEABLE_ROLES = List.of("steward", "moderator");

  /**
   * General decisions; elections of several people; votes on a declined amendment; the constitution
   * itself; the AI charter (the ai module adopts a passed one); alliances (federation adopts a passed one); moving house (federation moves only where a passed one says).
   */
  public static final List<String> TYPES = Arrays.stream(DecisionType.values()).map(DecisionType::code).toList();

  public ConstitutionRules {
    types = Map.copyOf(types);
    // Versions adopted before this field existed have none: nobody named.
    publicRoles = publicRoles == null ? List.of() : List.copyOf(publicRoles);
    // Versions adopted before voting times were rules have none: the founding bounds apply.
    voting = voting == null ? VotingRules.FOUNDING : voting;
  }

  public ConstitutionRules(Map<String, DecisionRules> types) {
    this(types, List.of(), VotingRules.FOUNDING);
  }

  public ConstitutionRules(Map<String, DecisionRules> types, List<String> publicRoles) {
    this(types, publicRoles, VotingRules.FOUNDING);
  }

  /** The same rules, naming in public the holders of these roles. */
  public ConstitutionRules withPublicRoles(List<String> roles) {
    return new ConstitutionRules(types, roles, voting);
  }

  /** The same rules with other voting times and closing powers. */
  public ConstitutionRules withVoting(VotingRules rules) {
    return new ConstitutionRules(types, publicRoles, rules);
  }

  public Optional<DecisionRules> rules(String type) {
    return Optional.ofNullable(types.get(type));
  }

  /** These rules, with the founding rules for any type they lack (a type added after they were adopted). */
  public ConstitutionRules completed() {
    Map<String, DecisionRules> all = new LinkedHashMap<>(founding().types());
    all.putAll(types);
    return new ConstitutionRules(all, publicRoles, voting);
  }

  /** The same rules with one type's rules replaced. */
  public ConstitutionRules with(String type, DecisionRules rules) {
    Map<String, DecisionRules> changed = new LinkedHashMap<>(types);
    changed.put(type, rules);
    return new ConstitutionRules(changed, publicRoles, voting);
  }

  /** The founding rules, version 1, until members vote to change them. */
  public static ConstitutionRules founding() {
    List<String> general = List.of("majority", "supermajority", "approval", "score", "star", "consent", "irv", "schulze");
    return new ConstitutionRules(Map.of(
        // 0 days: no floor of the type's own; the voting rules' shortest time applies (a meeting's quick vote).
        "general", new DecisionRules(general, 0, 2, 3, 0, 0, "member"),
        "election", new DecisionRules(List.of("scottish-stv", "meek-stv", "schulze", "irv", "approval"), 0, 2, 3, 0, 0,
            "member"),
        "amendment", new DecisionRules(List.of("majority"), 0, 2, 3, 0, 1, "member"),
        "constitution", new DecisionRules(List.of("supermajority"), 25, 2, 3, 0, 3, "member"),
        "ai-charter", new DecisionRules(List.of("supermajority"), 0, 2, 3, 0, 1, "member"),
        // Like the AI charter, an organisational choice with outside parties: a simple majority, a day at least.
        "alliance", new DecisionRules(List.of("majority"), 0, 2, 3, 0, 1, "member"),
        // Irreversible (followers' servers follow the new address): the constitution's own supermajority and quorum.
        "move", new DecisionRules(List.of("supermajority"), 25, 2, 3, 0, 3, "member")), List.of(),
        VotingRules.FOUNDING);
  }
}
