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
public record ConstitutionRules(Map<String, DecisionRules> types, List<String> publicRoles) {

  /**
   * Roles whose holders the public pages may name (elected officers, whose names are public anyway):
   * by default none. Changed only by a passed "constitution" proposal, like the rules.
   */
  public static final List<String> NAMEABLE_ROLES = List.of("steward", "moderator");

  /**
   * General decisions; elections of several people; votes on a declined amendment; the constitution
   * itself; the AI charter (the ai module adopts a passed one).
   */
  public static final List<String> TYPES = Arrays.stream(DecisionType.values()).map(DecisionType::code).toList();

  public ConstitutionRules {
    types = Map.copyOf(types);
    // Versions adopted before this field existed have none: nobody named.
    publicRoles = publicRoles == null ? List.of() : List.copyOf(publicRoles);
  }

  public ConstitutionRules(Map<String, DecisionRules> types) {
    this(types, List.of());
  }

  /** The same rules, naming in public the holders of these roles. */
  public ConstitutionRules withPublicRoles(List<String> roles) {
    return new ConstitutionRules(types, roles);
  }

  public Optional<DecisionRules> rules(String type) {
    return Optional.ofNullable(types.get(type));
  }

  /** These rules, with the founding rules for any type they lack (a type added after they were adopted). */
  public ConstitutionRules completed() {
    Map<String, DecisionRules> all = new LinkedHashMap<>(founding().types());
    all.putAll(types);
    return new ConstitutionRules(all, publicRoles);
  }

  /** The same rules with one type's rules replaced. */
  public ConstitutionRules with(String type, DecisionRules rules) {
    Map<String, DecisionRules> changed = new LinkedHashMap<>(types);
    changed.put(type, rules);
    return new ConstitutionRules(changed, publicRoles);
  }

  /** The founding rules, version 1, until members vote to change them. */
  public static ConstitutionRules founding() {
    List<String> general = List.of("majority", "supermajority", "approval", "score", "star", "consent", "irv", "schulze");
    return new ConstitutionRules(Map.of(
        "general", new DecisionRules(general, 0, 2, 3, 0, 1, "member"),
        "election", new DecisionRules(List.of("scottish-stv", "meek-stv", "schulze", "irv", "approval"), 0, 2, 3, 0, 1,
            "member"),
        "amendment", new DecisionRules(List.of("majority"), 0, 2, 3, 0, 1, "member"),
        "constitution", new DecisionRules(List.of("supermajority"), 25, 2, 3, 0, 3, "member"),
        "ai-charter", new DecisionRules(List.of("supermajority"), 0, 2, 3, 0, 1, "member")));
  }
}
