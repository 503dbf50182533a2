package org.commune.ai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.commune.members.Members;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only way to a model. Every call is checked against the charter in force (deny by default),
 * personal data is redacted for providers the charter does not trust with it, budgets are enforced,
 * and every call — completed, refused or failed — leaves exactly one record, written in its own
 * transaction so that no failure can take the record with it.
 */
@Service
public class AiGateway {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Charters charters;
  private final Providers providers;
  private final PromptTemplates templates;
  private final ModelClient client;
  private final AiCallRepository calls;
  private final Members members;
  private final EnergyEstimate energy;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate ownTransaction;
  private final Clock clock;
  private final int maxInputChars;
  private final RedactionDirectory redactionDirectory;

  AiGateway(Charters charters, Providers providers, PromptTemplates templates, ModelClient client,
      AiCallRepository calls, Members members, EnergyEstimate energy, ApplicationEventPublisher events,
      PlatformTransactionManager transactions, Clock clock,
      @Value("${commune.ai.max-input-chars:20000}") int maxInputChars, RedactionDirectory redactionDirectory) {
    this.redactionDirectory = redactionDirectory;
    this.charters = charters;
    this.providers = providers;
    this.templates = templates;
    this.client = client;
    this.calls = calls;
    this.members = members;
    this.energy = energy;
    this.events = events;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
    this.maxInputChars = maxInputChars;
  }

  public AiResult call(AiRequest request) {
    return call(request, token -> { });
  }

  /** Runs a call; {@code partial} receives the text as it streams in (for a person waiting). */
  public AiResult call(AiRequest request, Consumer<String> partial) {
    Instant started = clock.instant();
    PromptTemplates.Template template = templates.get(request.task().code());
    Draft record = new Draft(UUID.randomUUID(), started, request, template);
    record.inputSha = sha256(request.data());
    record.inputText = null;
    try {
      return run(request, partial, template, record);
    } catch (RuntimeException unexpected) {
      record.fail("gateway error: " + unexpected.getClass().getSimpleName());
      return save(record);
    }
  }

  private AiResult run(AiRequest request, Consumer<String> partial, PromptTemplates.Template template, Draft record) {
    if (request.data().length() > maxInputChars) {
      return refuse(record, "input too long: " + request.data().length() + " characters (limit " + maxInputChars + ")");
    }
    Optional<Charters.Version> inForce = charters.current();
    if (inForce.isEmpty()) {
      return refuse(record, "no AI charter in force: every call is refused until members adopt one by vote");
    }
    Charters.Version version = inForce.get();
    Charter charter = version.charter();
    record.charterVersion = version.version();
    record.retentionDays = charter.retentionDays();
    String clausePrefix = "charter v" + version.version() + ", ";
    if (charter.expiredOn(LocalDate.ofInstant(record.at, ZoneOffset.UTC))) {
      return refuse(record, clausePrefix + "expires: it ended on " + charter.expires()
          + "; every call is refused until members adopt a new charter");
    }
    Optional<Charter.TaskClause> clause = charter.clause(request.task());
    if (clause.isEmpty()) {
      return refuse(record, clausePrefix + "tasks: \"" + request.task().code() + "\" is not an allowed task");
    }
    Provider provider = null;
    for (String name : clause.get().providers()) {
      Optional<Provider> found = providers.find(name);
      if (found.isPresent()) {
        provider = found.get();
        break;
      }
    }
    if (provider == null) {
      return refuse(record, clausePrefix + "tasks." + request.task().code() + ".providers: none of "
          + clause.get().providers() + " is registered");
    }
    record.provider = provider.name();
    String model = null;
    for (String offered : provider.models()) {
      if (clause.get().models().contains("*") || clause.get().models().contains(offered)) {
        model = offered;
        break;
      }
    }
    if (model == null) {
      return refuse(record, clausePrefix + "tasks." + request.task().code() + ".models: " + provider.name()
          + " offers none of " + clause.get().models());
    }
    record.model = model;
    if (!charter.trusts(provider.name(), request.dataClass())) {
      return refuse(record, clausePrefix + "trust." + provider.name() + ": may not receive "
          + request.dataClass().code() + " data");
    }
    // Control characters carry no meaning for a model and cannot be stored (NUL): they are dropped.
    String data = org.commune.web.CleanParameters.clean(request.data());
    if (!charter.trusts(provider.name(), DataClass.PERSONAL)) {
      PersonalData.Redacted redacted = names.get().redact(data);
      data = redacted.text();
      record.redactions = redacted.count();
    }
    AiCallRepository.Used used = calls.usedIn(month(record.at));
    if (charter.monthlyTokens() > 0 && used.tokens() >= charter.monthlyTokens()) {
      return refuse(record, clausePrefix + "monthlyTokens: " + used.tokens() + " of " + charter.monthlyTokens()
          + " tokens used this month");
    }
    if (charter.monthlyEnergyWh() > 0 && used.energyWh() >= charter.monthlyEnergyWh()) {
      return refuse(record, clausePrefix + "monthlyEnergyWh: " + String.format(java.util.Locale.ROOT, "%.2f",
          used.energyWh()) + " of " + charter.monthlyEnergyWh() + " Wh used this month");
    }
    if (!Providers.safeUrl(provider.baseUrl())) {
      return refuse(record, "provider " + provider.name() + ": its address is refused (not http(s), or link-local)");
    }
    String nonce = nonce();
    Map<String, String> values = new HashMap<>(request.values());
    values.put("data", PromptTemplates.dataBlock(nonce, data));
    String system = fillSystem(template.system(), request.values());
    String user = template.fill(values);
    record.inputSha = sha256(system + "\n" + user);
    record.inputText = user;
    long begin = System.nanoTime();
    try {
      ModelClient.Completion completion = client.complete(provider, model, system, user, partial);
      record.modelNanos = System.nanoTime() - begin;
      double seconds = record.modelNanos / 1e9;
      record.latencyMs = (int) Math.round(seconds * 1000);
      long out = completion.tokensOut() >= 0 ? completion.tokensOut() : Math.max(1, completion.text().length() / 4);
      long in = completion.tokensIn() >= 0 ? completion.tokensIn() : Math.max(1, (system.length() + user.length()) / 4);
      record.tokensIn = (int) in;
      record.tokensOut = (int) out;
      record.energyWh = energy.wattHours(model, out, seconds);
      if (completion.text().isBlank()) {
        record.fail("provider " + provider.name() + " returned no text");
        return save(record);
      }
      record.complete(completion.text());
      return save(record);
    } catch (ModelClient.ProviderFailed failed) {
      record.modelNanos = System.nanoTime() - begin;
      record.latencyMs = (int) Math.round((System.nanoTime() - begin) / 1e6);
      record.fail("provider " + provider.name() + ": " + failed.getMessage());
      return save(record);
    }
  }

  /**
   * The member directory's names as one compiled matcher, read again at most every few seconds and
   * at once when someone joins or leaves (a changed display name is redacted within seconds).
   */
  private final Refreshing<PersonalData.Names> names = new Refreshing<>(this::directory);

  private PersonalData.Names directory() {
    // Present and former members (a deleted member's name is still hidden): see RedactionDirectory.
    return redactionDirectory.names();
  }

  @org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
  void on(org.commune.members.MemberJoined joined) {
    names.reset();
  }

  @org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
  void on(org.commune.members.MemberLeft left) {
    names.reset();
  }

  /** Texts past the charter's retention are forgotten (their digests stay). */
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  void forgetOldTexts() {
    calls.forgetTexts(clock.instant());
  }

  private static String fillSystem(String system, Map<String, String> values) {
    String out = system;
    for (var entry : values.entrySet()) {
      out = out.replace("{{" + entry.getKey() + "}}", entry.getValue());
    }
    return out;
  }

  private AiResult refuse(Draft record, String reason) {
    record.outcome = "refused";
    record.reason = reason;
    return save(record);
  }

  private AiResult save(Draft r) {
    Instant keepUntil = r.retentionDays > 0 ? r.at.plus(Duration.ofDays(r.retentionDays)) : null;
    boolean keepTexts = r.retentionDays > 0;
    AiCall call = new AiCall(r.id, r.at, r.request.requester().value(), r.request.task().code(), r.request.subject(),
        r.charterVersion, r.provider, r.model, r.template.name(), r.template.version(), r.request.dataClass().code(),
        r.outcome, r.reason, r.redactions, r.inputSha, r.outputSha, keepTexts ? r.inputText : null,
        keepTexts ? r.outputText : null, r.tokensIn, r.tokensOut, r.latencyMs, r.energyWh);
    ownTransaction.executeWithoutResult(status -> {
      calls.insert(call, keepUntil);
      if ("completed".equals(r.outcome)) {
        calls.addUsage(month(r.at), (long) (r.tokensIn == null ? 0 : r.tokensIn) + (r.tokensOut == null ? 0 : r.tokensOut),
            r.energyWh == null ? 0 : r.energyWh);
      }
      events.publishEvent(new AiCallRecorded(UUID.randomUUID(), r.at, r.id, call.task(), r.outcome, r.charterVersion,
          r.provider, r.model, r.template.name() + " v" + r.template.version(), r.inputSha, r.outputSha, r.reason));
    });
    long overhead = System.nanoTime() - r.startedNanos - r.modelNanos;
    return new AiResult(r.id, r.outcome, r.outputText, r.reason, r.model, overhead);
  }

  private static LocalDate month(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).withDayOfMonth(1);
  }

  private static String nonce() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The record as it is built up along the call. */
  private static final class Draft {
    final UUID id;
    final Instant at;
    final AiRequest request;
    final PromptTemplates.Template template;
    String outcome = "failed";
    @Nullable String reason;
    @Nullable Integer charterVersion;
    int retentionDays;
    @Nullable String provider;
    @Nullable String model;
    int redactions;
    String inputSha = "";
    @Nullable String outputSha;
    @Nullable String inputText;
    @Nullable String outputText;
    @Nullable Integer tokensIn;
    @Nullable Integer tokensOut;
    @Nullable Integer latencyMs;
    @Nullable Double energyWh;
    final long startedNanos = System.nanoTime();
    long modelNanos;

    Draft(UUID id, Instant at, AiRequest request, PromptTemplates.Template template) {
      this.id = id;
      this.at = at;
      this.request = request;
      this.template = template;
    }

    void complete(String text) {
      outcome = "completed";
      outputText = text;
      outputSha = sha256(text);
      reason = null;
    }

    void fail(String why) {
      outcome = "failed";
      reason = why.length() > 300 ? why.substring(0, 300) : why;
    }
  }
}
