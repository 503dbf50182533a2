package org.commune.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.commune.governance.DecisionType;
import org.commune.governance.ProposalDocuments;
import org.commune.web.Sha256;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * An AI charter proposal as voters read it on the ballot page: every clause (tasks, trusted providers
 * with the exact server pinned, budgets, retention, last day) in the reader's language, compared
 * with the charter in force, and the SHA-256 of exactly what is adopted if the vote passes.
 */
@Component
class CharterDocuments implements ProposalDocuments {

  private final Charters charters;
  private final MessageSource messages;

  CharterDocuments(Charters charters, MessageSource messages) {
    this.charters = charters;
    this.messages = messages;
  }

  @Override
  public Optional<Document> describe(DecisionType type, String payload, Locale locale) {
    if (type != Charters.TYPE) {
      return Optional.empty();
    }
    Optional<Charter> proposed = Charters.parse(payload);
    if (proposed.isEmpty()) {
      return Optional.empty();
    }
    Optional<Charters.Version> current = charters.current();
    Function<String, String> t = key -> messages.getMessage(key, null, key, locale);
    Map<String, String> now = clauses(proposed.get(), locale, t);
    Map<String, String> before = current.map(v -> clauses(v.charter(), locale, t)).orElse(Map.of());
    List<Clause> clauses = new ArrayList<>();
    for (String label : order(now, before)) {
      String value = now.getOrDefault(label, "");
      String was = before.getOrDefault(label, "");
      String change = !before.containsKey(label) ? "added" : !now.containsKey(label) ? "removed"
          : value.equals(was) ? "same" : "changed";
      clauses.add(new Clause(change, label.substring(label.indexOf('|') + 1), value, was));
    }
    String inForce = current.map(v -> messages.getMessage("charter.document.version",
        new Object[] {v.version(), Charters.hash(v.charter())}, locale)).orElse("");
    // The hash of the payload itself: it is what the vote adopts (the charter is stored canonically).
    return Optional.of(new Document(Sha256.hex(payload), inForce, clauses));
  }

  /** Clause labels keep the charter's order: tasks, providers, then budgets, retention and last day. */
  private static List<String> order(Map<String, String> a, Map<String, String> b) {
    TreeSet<String> labels = new TreeSet<>(a.keySet());
    labels.addAll(b.keySet());
    return List.copyOf(labels);
  }

  /** Each clause as "sort key|label" → value, in the reader's language. */
  private Map<String, String> clauses(Charter charter, Locale locale, Function<String, String> t) {
    Map<String, String> out = new TreeMap<>();
    new TreeMap<>(charter.tasks()).forEach((task, clause) -> out.put("1 " + task + "|"
            + messages.getMessage("charter.clause.task", new Object[] {t.apply("ai.task." + task)}, locale),
        messages.getMessage("charter.clause.task.value", new Object[] {String.join(", ", clause.providers()),
            String.join(", ", clause.models()), t.apply(clause.secondReviewer() ? "charter.clause.yes" : "charter.clause.no")},
            locale)));
    TreeSet<String> providers = new TreeSet<>(charter.trust().keySet());
    providers.addAll(charter.pins().keySet());
    for (String provider : providers) {
      List<String> classes = charter.trust().getOrDefault(provider, List.of()).stream()
          .map(c -> t.apply("ai.data." + c)).toList();
      Charter.@Nullable Pin pin = charter.pins().get(provider);
      String pinned = pin == null ? t.apply("charter.clause.unpinned")
          : messages.getMessage("charter.clause.pin", new Object[] {pin.baseUrl(), String.join(", ", pin.models()),
              pin.apiKeyEnv() == null ? "—" : pin.apiKeyEnv(), pin.fingerprint()}, locale);
      out.put("2 " + provider + "|" + messages.getMessage("charter.clause.provider", new Object[] {provider}, locale),
          messages.getMessage("charter.clause.provider.value", new Object[] {
              classes.isEmpty() ? t.apply("charter.clause.nothing") : String.join(", ", classes), pinned}, locale));
    }
    out.put("3|" + t.apply("charter.clause.tokens"), charter.monthlyTokens() == 0 ? t.apply("charter.clause.unlimited")
        : String.format(locale, "%,d", charter.monthlyTokens()));
    out.put("4|" + t.apply("charter.clause.energy"), charter.monthlyEnergyWh() == 0 ? t.apply("charter.clause.unlimited")
        : String.format(locale, "%,.1f Wh", charter.monthlyEnergyWh()));
    out.put("5|" + t.apply("charter.clause.retention"), charter.retentionDays() == 0 ? t.apply("charter.clause.digests-only")
        : messages.getMessage("charter.clause.days", new Object[] {charter.retentionDays()}, locale));
    out.put("6|" + t.apply("charter.clause.expires"), charter.expires() == null ? t.apply("charter.clause.no-end")
        : charter.expires());
    return out;
  }
}
