package org.commune.ai;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commune.members.InvalidInput;
import org.jspecify.annotations.Nullable;

/**
 * The AI charter: what the members allow. A call is allowed only if every clause that applies allows
 * it; {@link Decision#clause()} names the clause that refused one.
 *
 * @param tasks task code → its clause
 * @param trust provider name → the data classes it may receive ("public", "member", "personal")
 * @param monthlyTokens tokens (in + out) all calls of a calendar month may use
 * @param monthlyEnergyWh the estimated energy all calls of a calendar month may use, in watt-hours
 * @param retentionDays how long prompt and output texts are kept (0: only their digests are kept)
 * @param expires the last day (UTC, ISO yyyy-mm-dd) the charter is in force, or null for no end; after
 *     it every call is refused until members adopt a new charter
 * @param pins provider name → the exact server the members trust under that name (its URL, models,
 *     key variable and their fingerprint), recorded when the charter is proposed and shown on the
 *     ballot; a provider whose fingerprint no longer matches is trusted with nothing
 */
public record Charter(Map<String, TaskClause> tasks, Map<String, List<String>> trust, long monthlyTokens,
    double monthlyEnergyWh, int retentionDays, @Nullable String expires,
    Map<String, Pin> pins) {

  public Charter(Map<String, TaskClause> tasks, Map<String, List<String>> trust, long monthlyTokens,
      double monthlyEnergyWh, int retentionDays) {
    this(tasks, trust, monthlyTokens, monthlyEnergyWh, retentionDays, null, Map.of());
  }

  public Charter(Map<String, TaskClause> tasks, Map<String, List<String>> trust, long monthlyTokens,
      double monthlyEnergyWh, int retentionDays, @Nullable String expires) {
    this(tasks, trust, monthlyTokens, monthlyEnergyWh, retentionDays, expires, Map.of());
  }

  /** A trusted server as the members saw it on the ballot. */
  public record Pin(String baseUrl, List<String> models, @Nullable String apiKeyEnv,
      String fingerprint) {

    static Pin of(Provider p) {
      return new Pin(p.baseUrl(), p.models().stream().sorted().toList(), p.apiKeyEnv(), p.fingerprint());
    }
  }

  /** The same charter pinning {@code pins} (what the proposer's providers are now). */
  public Charter pinning(Map<String, Pin> pins) {
    return new Charter(tasks, trust, monthlyTokens, monthlyEnergyWh, retentionDays, expires, pins);
  }

  /** Whether {@code provider} is exactly the server this charter pinned under its name. */
  public boolean pinned(Provider provider) {
    Pin pin = pins.get(provider.name());
    return pin != null && pin.fingerprint().equals(provider.fingerprint());
  }

  /** Whether the charter has expired on {@code today}. */
  public boolean expiredOn(LocalDate today) {
    return expires != null && today.isAfter(LocalDate.parse(expires));
  }

  /**
   * @param providers the providers this task may use, in order of preference
   * @param models the models it may use ("*": any model the provider offers)
   * @param secondReviewer whether a member other than the requester must approve the output
   */
  public record TaskClause(List<String> providers, List<String> models, boolean secondReviewer) {}

  public Charter {
    tasks = Map.copyOf(tasks);
    trust = Map.copyOf(trust);
    // Charters adopted before pins existed have none: they trust no provider until a new vote.
    pins = pins == null ? Map.of() : Map.copyOf(pins);
  }

  public Optional<TaskClause> clause(AiTask task) {
    return Optional.ofNullable(tasks.get(task.code()));
  }

  public boolean trusts(String provider, DataClass data) {
    return trust.getOrDefault(provider, List.of()).contains(data.code());
  }

  /** Checks a proposed charter; the messages say what is wrong in the member's language. */
  public Charter checked() {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    if (tasks.isEmpty()) {
      problems.add(new InvalidInput.Problem("tasks", "charter.tasks.none"));
    }
    for (var entry : tasks.entrySet()) {
      if (AiTask.fromCode(entry.getKey()).isEmpty()) {
        problems.add(new InvalidInput.Problem("tasks", "charter.tasks.unknown"));
      } else if (entry.getValue().providers().isEmpty() || entry.getValue().models().isEmpty()) {
        problems.add(new InvalidInput.Problem("tasks", "charter.tasks.providers"));
      }
    }
    for (var entry : trust.entrySet()) {
      if (entry.getValue().stream().anyMatch(d -> !List.of("public", "member", "personal").contains(d))) {
        problems.add(new InvalidInput.Problem("trust", "charter.trust.invalid"));
      }
    }
    if (monthlyTokens < 0 || monthlyEnergyWh < 0) {
      problems.add(new InvalidInput.Problem("budget", "charter.budget.invalid"));
    }
    if (expires != null) {
      try {
        LocalDate.parse(expires);
      } catch (DateTimeParseException e) {
        problems.add(new InvalidInput.Problem("expires", "charter.expires.invalid"));
      }
    }
    for (var entry : pins.entrySet()) {
      Pin pin = entry.getValue();
      if (!Provider.fingerprint(pin.baseUrl(), pin.models(), pin.apiKeyEnv()).equals(pin.fingerprint())) {
        problems.add(new InvalidInput.Problem("trust", "charter.pins.invalid"));
      }
    }
    if (retentionDays < 0 || retentionDays > 3650) {
      problems.add(new InvalidInput.Problem("retention", "charter.retention.invalid"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    return this;
  }
}
