package org.commune.governance.constitution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.commune.governance.ConstitutionRules;
import org.commune.governance.DecisionType;
import org.commune.governance.ProposalDocuments;
import org.commune.web.Sha256;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A constitution proposal that changes which roles may be named in public, as voters read it: for each
 * role that can be named, whether its holders may show their names if this passes, compared with the
 * constitution in force (a newcomer review found the ballot page showed only the proposer's title).
 */
@Component
class PublicRolesDocuments implements ProposalDocuments {

  private final Constitution constitution;
  private final MessageSource messages;

  PublicRolesDocuments(Constitution constitution, MessageSource messages) {
    this.constitution = constitution;
    this.messages = messages;
  }

  @Override
  public Optional<Document> describe(DecisionType type, String payload, Locale locale) {
    var found = Constitution.payloadOf(type, payload, Constitution.PUBLIC_ROLES);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    var node = found.get();
    List<String> proposed = new ArrayList<>();
    node.get("roles").forEach(r -> proposed.add(r.asString()));
    List<String> inForce = constitution.current().publicRoles();
    List<Clause> clauses = new ArrayList<>();
    for (String role : ConstitutionRules.NAMEABLE_ROLES) {
      String label = messages.getMessage("public-roles.clause",
          new Object[] {messages.getMessage("role." + role, null, role, locale)}, locale);
      String value = yesNo(proposed.contains(role), locale);
      String before = yesNo(inForce.contains(role), locale);
      clauses.add(new Clause(value.equals(before) ? "same" : "changed", label, value, before));
    }
    return Optional.of(new Document(Sha256.hex(payload), "", clauses));
  }

  private String yesNo(boolean yes, Locale locale) {
    return messages.getMessage(yes ? "charter.clause.yes" : "charter.clause.no", null, locale);
  }
}
