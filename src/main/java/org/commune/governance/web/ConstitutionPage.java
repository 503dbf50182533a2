package org.commune.governance.web;

import java.time.Instant;
import java.util.List;
import org.commune.governance.constitution.Constitution;
import org.commune.governance.ConstitutionRules;
import org.commune.governance.VoteDurations;
import org.commune.governance.VotingRules;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/**
 * The constitution: the rules now in force, every earlier version (each with the proposal that adopted
 * it), and for members the form to propose a change to one decision type's rules.
 *
 * @param mayBeNamed the viewer holds a role the constitution names in public, so they may agree to be named
 * @param namedSince when the viewer agreed to be named in public (null when they have not)
 * @param rolesForm the form proposing which roles may be named in public (its own values and errors)
 * @param votingForm the form proposing other voting rules: voting times, closing and extending (issue 10)
 */
public record ConstitutionPage(ConstitutionRules current, List<Constitution.Version> history, List<String> types,
    List<String> methods, boolean member, Form form, boolean mayBeNamed, @Nullable Instant namedSince,
    Form rolesForm, Form votingForm) {

  public ConstitutionPage(ConstitutionRules current, List<Constitution.Version> history, List<String> types,
      List<String> methods, boolean member, Form form, boolean mayBeNamed, @Nullable Instant namedSince, Form rolesForm) {
    this(current, history, types, methods, member, form, mayBeNamed, namedSince, rolesForm, Form.empty());
  }

  /** The voting form's values: as posted after a mistake, else the rules in force (in their largest exact units). */
  public String votingValue(String field) {
    if (votingForm.hasErrors()) {
      return votingForm.value(field);
    }
    VotingRules v = current.voting();
    return switch (field) {
      case "minAmount" -> VoteDurations.split(v.shortest())[0];
      case "minUnit" -> VoteDurations.split(v.shortest())[1];
      case "maxAmount" -> VoteDurations.split(v.longest())[0];
      case "maxUnit" -> VoteDurations.split(v.longest())[1];
      case "allVoted" -> v.closeWhenAllVoted() ? "on" : "";
      case "days" -> "7";
      default -> field.startsWith("closer-") ? (v.mayClose(field.substring(7)) ? "on" : "")
          : field.startsWith("extender-") ? (v.mayExtend(field.substring(9)) ? "on" : "") : votingForm.value(field);
    };
  }
}
