package org.commune.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The organisation's rules as data: one {@link DecisionRules} per decision type. The types are fixed
 * (the code knows what each does); their rules change only by a passed "constitution" proposal.
 */
public record ConstitutionRules(Map<String, DecisionRules> types) {

  /**
   * General decisions; elections of several people; votes on a declined amendment; the constitution
   * itself; the AI charter (the ai module adopts a passed one).
   */
  public static final List<String> TYPES = List.of("general", "election", "amendment", "constitution", "ai-charter");

  public ConstitutionRules {
    types = Map.copyOf(types);
  }

  public Optional<DecisionRules> rules(String type) {
    return Optional.ofNullable(types.get(type));
  }

  /** These rules, with the founding rules for any type they lack (a type added after they were adopted). */
  public ConstitutionRules completed() {
    Map<String, DecisionRules> all = new LinkedHashMap<>(founding().types());
    all.putAll(types);
    return new ConstitutionRules(all);
  }

  /** The same rules with one type's rules replaced. */
  public ConstitutionRules with(String type, DecisionRules rules) {
    Map<String, DecisionRules> changed = new LinkedHashMap<>(types);
    changed.put(type, rules);
    return new ConstitutionRules(changed);
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
