package org.commune.ai;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.commune.database.InstanceKeys;
import org.commune.members.Groups;
import org.commune.members.MemberJoined;
import org.commune.members.MemberLeft;
import org.commune.members.Members;
import org.commune.web.CleanParameters;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
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
  private final int maxOutputTokens;
  private final CircuitBreakers circuits;
  private final CallLimits limits;
  private final Groups groups;
  private final InstanceKeys keys;
  /**
   * Output tokens promised to calls still running, per month: the budget check counts them, so that
   * twenty calls started together cannot each spend the whole remaining budget.
   */
  private final Map<LocalDate, AtomicLong> reserved = new ConcurrentHashMap<>();
  private final RedactionDirectory redactionDirectory;

  AiGateway(Charters charters, Providers providers, PromptTemplates templates, ModelClient client,
      AiCallRepository calls, Members members, EnergyEstimate energy, ApplicationEventPublisher events,
      PlatformTransactionManager transactions, Clock clock,
      @Value("${commune.ai.max-input-chars:20000}") int maxInputChars,
      @Value("${commune.ai.max-output-tokens:4096}") int maxOutputTokens, CircuitBreakers circuits,
      CallLimits limits, Groups groups, InstanceKeys keys,
      RedactionDirectory redactionDirectory) {
    this.redactionDirectory = redactionDirectory;
    this.maxOutputTokens = maxOutputTokens;
    this.circuits = circuits;
    this.limits = limits;
    this.groups = groups;
    this.keys = keys;
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
    return call(UUID.randomUUID(), request, partial);
  }

  /**
   * Runs a call whose record gets the given id: a background job chooses it before the call starts, so that after
   * a restart it can tell whether its call was recorded.
   */
  AiResult call(UUID callId, AiRequest request, Consumer<String> partial) {
    Instant started = clock.instant();
    PromptTemplates.Template template = templates.get(request.task().code());
    Draft record = new Draft(callId, started, request, template);
    record.inputSha = inputDigest(request);
    record.inputText = null;
    try {
      return run(request, partial, template, record);
    } catch (RuntimeException unexpected) {
      record.fail(AiReason.GATEWAY_ERROR, "gateway error: " + unexpected.getClass().getSimpleName());
      return save(record);
    }
  }

  private AiResult run(AiRequest request, Consumer<String> partial, PromptTemplates.Template template, Draft record) {
    if (request.data().length() > maxInputChars) {
      return refuse(record, AiReason.INPUT_TOO_LONG, "input too long: " + request.data().length()
          + " characters (limit " + maxInputChars + ")");
    }
    Optional<Charters.Version> inForce = charters.current();
    if (inForce.isEmpty()) {
      return refuse(record, AiReason.NO_CHARTER,
          "no AI charter in force: every call is refused until members adopt one by vote");
    }
    Charters.Version version = inForce.get();
    Charter charter = version.charter();
    record.charterVersion = version.version();
    record.retentionDays = charter.retentionDays();
    String clausePrefix = "charter v" + version.version() + ", ";
    if (charter.expiredOn(LocalDate.ofInstant(record.at, ZoneOffset.UTC))) {
      return refuse(record, AiReason.CHARTER_EXPIRED, clausePrefix + "expires: it ended on " + charter.expires()
          + "; every call is refused until members adopt a new charter");
    }
    Optional<Charter.TaskClause> clause = charter.clause(request.task());
    if (clause.isEmpty()) {
      return refuse(record, AiReason.TASK_NOT_ALLOWED, clausePrefix + "tasks: \"" + request.task().code()
          + "\" is not an allowed task");
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
      return refuse(record, AiReason.NO_PROVIDER, clausePrefix + "tasks." + request.task().code()
          + ".providers: none of " + clause.get().providers() + " is registered");
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
      return refuse(record, AiReason.NO_MODEL, clausePrefix + "tasks." + request.task().code() + ".models: "
          + provider.name() + " offers none of " + clause.get().models());
    }
    record.model = model;
    if (!charter.pinned(provider)) {
      // Trust moves only by vote: a provider whose address, models or key variable changed after
      // the members pinned it (or that no charter pinned) receives nothing until they vote again.
      return refuse(record, AiReason.TRUST_SUSPENDED, clausePrefix + "pins." + provider.name() + ": trust suspended: the provider is not the one"
          + " the charter pinned (fingerprint " + provider.fingerprint().substring(0, 12) + ")");
    }
    if (!charter.trusts(provider.name(), request.dataClass())) {
      return refuse(record, AiReason.DATA_NOT_TRUSTED, clausePrefix + "trust." + provider.name()
          + ": may not receive " + request.dataClass().code() + " data");
    }
    // Control characters and chat-template control tokens carry no meaning in member text and could
    // forge turns in the model's prompt; they are dropped before redaction, so that what redaction
    // sees is exactly what the model gets.
    String data = forModel(request.data());
    if (!charter.trusts(provider.name(), DataClass.PERSONAL)) {
      PersonalData.Redacted redacted = names.get().redact(data);
      data = redacted.text();
      record.redactions = redacted.count();
    }
    Providers.Checked checked = providers.check(provider);
    if (checked.refusal() != null) {
      return refuse(record, AiReason.ADDRESS_REFUSED, "provider " + provider.name() + ": refused ("
          + checked.refusal() + ")");
    }
    Provider target = checked.target();
    String nonce = nonce();
    Map<String, String> values = new HashMap<>(request.values());
    values.put("data", PromptTemplates.dataBlock(nonce, data));
    String system = fillSystem(template.system(), request.values());
    String user = template.fill(values);
    LocalDate month = month(record.at);
    AiCallRepository.Used used = calls.usedIn(month);
    AtomicLong promised = reserved.computeIfAbsent(month,
        m -> new AtomicLong());
    long inputEstimate = Math.max(1, (system.length() + user.length()) / 4);
    int cap = maxOutputTokens;
    if (charter.monthlyTokens() > 0) {
      long left = charter.monthlyTokens() - used.tokens() - promised.get() - inputEstimate;
      if (left < MIN_OUTPUT_TOKENS) {
        return refuse(record, AiReason.BUDGET_TOKENS, clausePrefix + "monthlyTokens: " + used.tokens() + " of "
            + charter.monthlyTokens() + " tokens used this month" + (promised.get() > 0
            ? " (" + promised.get() + " more promised to calls running now)" : ""));
      }
      cap = (int) Math.min(cap, left);
    }
    if (charter.monthlyEnergyWh() > 0 && used.energyWh() >= charter.monthlyEnergyWh()) {
      return refuse(record, AiReason.BUDGET_ENERGY, clausePrefix + "monthlyEnergyWh: "
          + String.format(Locale.ROOT, "%.2f", used.energyWh()) + " of " + charter.monthlyEnergyWh()
          + " Wh used this month");
    }
    CallLimits.Lease lease;
    try {
      lease = limits.acquire(request.requester().toString(), groups.of(request.requester()).stream()
          .map(g -> g.id().toString()).toList());
    } catch (CircuitBreakers.Refused refused) {
      return refuse(record, refused.reason(), refused.getMessage());
    }
    try (lease) {
      CircuitBreakers.Permit permit;
      try {
        permit = circuits.enter(provider.name());
      } catch (CircuitBreakers.Refused refused) {
        // Not a policy refusal: the provider cannot take the call now. Recorded as failed, at once.
        record.fail(refused.reason(), refused.getMessage());
        return save(record);
      }
      record.inputSha = keyedHash(system + "\n" + user);
      record.inputText = user;
      // The check above read the budget; this takes the cap from it atomically, so that calls
      // passing the check together cannot promise the same tokens twice.
      synchronized (promised) {
        if (charter.monthlyTokens() > 0) {
          // Read again: a call that ended meanwhile booked its use before releasing its promise.
          long left = charter.monthlyTokens() - calls.usedIn(month).tokens() - promised.get() - inputEstimate;
          if (left < MIN_OUTPUT_TOKENS) {
            permit.succeeded();
            return refuse(record, AiReason.BUDGET_TOKENS, clausePrefix + "monthlyTokens: the rest of this month's "
                + charter.monthlyTokens() + " tokens is promised to calls running now");
          }
          cap = (int) Math.min(cap, left);
        }
        promised.addAndGet(cap);
      }
      record.outputCap = cap;
      long begin = System.nanoTime();
      try {
        ModelClient.Completion completion = client.complete(target, model, system, user,
            new ModelClient.Limits(cap, cap * CHARS_PER_TOKEN_CEILING), partial);
        permit.succeeded();
        record.modelNanos = System.nanoTime() - begin;
        double seconds = record.modelNanos / 1e9;
        record.latencyMs = (int) Math.round(seconds * 1000);
        long out = completion.tokensOut() >= 0 ? completion.tokensOut() : Math.max(1, completion.text().length() / 4);
        long in = completion.tokensIn() >= 0 ? completion.tokensIn() : inputEstimate;
        // Never more than was asked for: a server that ignores max_tokens (or claims millions of
        // tokens) cannot book more than the cap, and the reader stopped at the cap's size anyway.
        record.tokensIn = (int) Math.min(in, Integer.MAX_VALUE);
        record.tokensOut = (int) Math.min(out, cap);
        record.energyWh = energy.wattHours(model, record.tokensOut, seconds);
        if (completion.text().isBlank()) {
          record.fail(AiReason.EMPTY_OUTPUT, "provider " + provider.name() + " returned no text");
          return save(record);
        }
        record.complete(completion.text());
        return save(record);
      } catch (ModelClient.ProviderFailed failed) {
        if (failed.reason() == AiReason.PROVIDER_BUSY) {
          permit.succeeded();
        } else {
          permit.failed();
        }
        record.modelNanos = System.nanoTime() - begin;
        record.latencyMs = (int) Math.round((System.nanoTime() - begin) / 1e6);
        if (failed.reason() == AiReason.OUTPUT_TOO_LARGE) {
          // The model did produce the cap's worth: it is booked.
          record.tokensIn = (int) inputEstimate;
          record.tokensOut = cap;
        }
        record.fail(failed.reason(), "provider " + provider.name() + ": " + failed.getMessage());
        return save(record);
      } finally {
        promised.addAndGet(-cap);
        // Settles the permit when something unexpected ended the call (a no-op once settled).
        permit.failed();
      }
    }
  }

  /** The smallest answer worth asking for: below it the budget counts as spent. */
  private static final int MIN_OUTPUT_TOKENS = 16;
  /** Characters read per token of the cap before the reader stops (tokens are ~4 characters; Arabic fewer). */
  private static final int CHARS_PER_TOKEN_CEILING = 8;

  private static final Pattern CONTROL_TOKENS = Pattern.compile(
      "<\\|[^|<>\\s]{1,40}\\|>|\\[/?INST]|<</?SYS>>|</?s>");

  /**
   * Member text as the model may see it: chat-template control tokens ({@code <|im_start|>},
   * {@code <|eot_id|>}, {@code [INST]}, {@code <<SYS>>}, {@code </s>}) removed, line endings made
   * {@code \n}, and the remaining control characters dropped.
   */
  static String forModel(String text) {
    String out = text.replace("\r\n", "\n").replace('\r', '\n');
    String before;
    do {
      before = out;
      out = CONTROL_TOKENS.matcher(out).replaceAll("");
    } while (!out.equals(before));
    return CleanParameters.clean(out).replace("\r", "");
  }

  /** The keyed digest of a request's input, as its record carries it until the prompt is built. */
  String inputDigest(AiRequest request) {
    return keyedHash(request.data());
  }

  /**
   * The record of a call that a restart cut off: failed, "interrupted", under the id the job chose, with the facts
   * the job kept (the input itself was never stored). Published like every record, so that each call still has
   * exactly one.
   */
  AiResult recordInterrupted(UUID callId, Instant at, AiRequest request, String inputSha256, String why) {
    Draft record = new Draft(callId, at, request, templates.get(request.task().code()));
    record.inputSha = inputSha256;
    record.fail(AiReason.INTERRUPTED, why);
    return save(record);
  }

  /** Digests of private text are keyed: an unsalted SHA-256 of a guessed text would confirm the guess. */
  private String keyedHash(String text) {
    return keys.keyedHash("ai-input", text);
  }

  private String outputHash(String text) {
    return keys.keyedHash("ai-output", text);
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

  @TransactionalEventListener(fallbackExecution = true)
  void on(MemberJoined joined) {
    names.reset();
  }

  @TransactionalEventListener(fallbackExecution = true)
  void on(MemberLeft left) {
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

  private AiResult refuse(Draft record, AiReason code, String reason) {
    record.outcome = "refused";
    record.reason = reason;
    record.reasonCode = code;
    return save(record);
  }

  private AiResult save(Draft r) {
    Instant keepUntil = r.retentionDays > 0 ? r.at.plus(Duration.ofDays(r.retentionDays)) : null;
    boolean keepTexts = r.retentionDays > 0;
    AiCall call = new AiCall(r.id, r.at, r.request.requester().value(), r.request.task().code(), r.request.subject(),
        r.charterVersion, r.provider, r.model, r.template.name(), r.template.version(), r.request.dataClass().code(),
        r.outcome, r.reason, r.redactions, r.inputSha, r.outputSha, keepTexts ? r.inputText : null,
        keepTexts ? r.outputText : null, r.tokensIn, r.tokensOut, r.latencyMs, r.energyWh,
        r.reasonCode == null ? null : r.reasonCode.code());
    ownTransaction.executeWithoutResult(status -> {
      calls.insert(call, keepUntil);
      if ("completed".equals(r.outcome) || r.reasonCode == AiReason.OUTPUT_TOO_LARGE) {
        calls.addUsage(month(r.at), (long) (r.tokensIn == null ? 0 : r.tokensIn) + (r.tokensOut == null ? 0 : r.tokensOut),
            r.energyWh == null ? 0 : r.energyWh);
      }
      // The public summary: fixed codes, numbers and keyed digests only; the reason's text stays in
      // the members' record (a provider's error text can quote a member's name, phone or email).
      events.publishEvent(new AiCallRecorded(UUID.randomUUID(), r.at, r.id, call.task(), r.outcome, r.charterVersion,
          r.provider, r.model, r.template.name() + " v" + r.template.version(), r.inputSha, r.outputSha,
          r.reasonCode == null ? null : r.reasonCode.code(), r.tokensIn, r.tokensOut, r.outputCap));
    });
    long overhead = System.nanoTime() - r.startedNanos - r.modelNanos;
    return new AiResult(r.id, r.outcome, r.outputText, r.reason, r.model, overhead, r.reasonCode);
  }

  private static LocalDate month(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).withDayOfMonth(1);
  }

  private static String nonce() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }


  /** The record as it is built up along the call. */
  private final class Draft {
    final UUID id;
    final Instant at;
    final AiRequest request;
    final PromptTemplates.Template template;
    String outcome = "failed";
    @Nullable String reason;
    @Nullable AiReason reasonCode;
    @Nullable Integer outputCap;
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
      outputSha = outputHash(text);
      reason = null;
      reasonCode = null;
    }

    void fail(AiReason code, String why) {
      outcome = "failed";
      reasonCode = code;
      reason = why.length() > 300 ? why.substring(0, 300) : why;
    }
  }
}
