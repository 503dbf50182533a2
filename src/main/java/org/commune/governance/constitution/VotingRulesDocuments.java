package org.commune.governance.constitution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.commune.governance.DecisionType;
import org.commune.governance.ProposalDocuments;
import org.commune.governance.VoteDurations;
import org.commune.governance.VotingRules;
import org.commune.web.Json;
import org.commune.web.Sha256;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A constitution proposal that changes the voting rules, as voters read it: each rule (shortest and
 * longest voting time, closing when all voted, who may close or extend) proposed and in force.
 */
@Component
class VotingRulesDocuments implements ProposalDocuments {

  private final Constitution constitution;
  private final MessageSource messages;

  VotingRulesDocuments(Constitution constitution, MessageSource messages) {
    this.constitution = constitution;
    this.messages = messages;
  }

  @Override
  public Optional<Document> describe(DecisionType type, String payload, Locale locale) {
    var node = Constitution.payloadOf(type, payload, Constitution.VOTING_RULES);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    VotingRules proposed = Json.MAPPER.treeToValue(node.get().get("voting"), VotingRules.class);
    VotingRules inForce = constitution.current().voting();
    List<Clause> clauses = new ArrayList<>();
    clause(clauses, "constitution.voting-rules.shortest", duration(proposed.shortest(), locale),
        duration(inForce.shortest(), locale), locale);
    clause(clauses, "constitution.voting-rules.longest", duration(proposed.longest(), locale),
        duration(inForce.longest(), locale), locale);
    clause(clauses, "constitution.voting-rules.all-voted", yesNo(proposed.closeWhenAllVoted(), locale),
        yesNo(inForce.closeWhenAllVoted(), locale), locale);
    clause(clauses, "constitution.voting-rules.closers", roles(proposed.closers(), locale),
        roles(inForce.closers(), locale), locale);
    clause(clauses, "constitution.voting-rules.extenders", roles(proposed.extenders(), locale),
        roles(inForce.extenders(), locale), locale);
    return Optional.of(new Document(Sha256.hex(payload), "", clauses));
  }

  private void clause(List<Clause> clauses, String key, String value, String before, Locale locale) {
    clauses.add(new Clause(value.equals(before) ? "same" : "changed", messages.getMessage(key, null, locale), value,
        before));
  }

  private String duration(Duration d, Locale locale) {
    String[] split = VoteDurations.split(d);
    return split[0] + " " + messages.getMessage("vote.unit." + split[1], null, locale);
  }

  private String roles(List<String> roles, Locale locale) {
    if (roles.isEmpty()) {
      return messages.getMessage("constitution.voting-rules.nobody", null, locale);
    }
    return String.join(", ", roles.stream().map(r -> messages.getMessage("role." + r, null, r, locale)).toList());
  }

  private String yesNo(boolean yes, Locale locale) {
    return messages.getMessage(yes ? "charter.clause.yes" : "charter.clause.no", null, locale);
  }
}
