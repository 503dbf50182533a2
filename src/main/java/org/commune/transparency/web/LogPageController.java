package org.commune.transparency.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.MemberId;
import org.commune.members.MemberPrincipal;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.transparency.LogEntry;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.LogWitnesses;
import org.commune.transparency.PublicFact;
import org.commune.transparency.PublicIds;
import org.commune.transparency.TransparencyLog;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public log, for people: paged, filterable by type, in both languages. Signed out, members
 * appear as pseudonyms, and text that members wrote in entries from before this release (titles,
 * reasons, group names) is hidden; signed in, members see names, resolved here on the server.
 */
@Controller
class LogPageController {

  static final String PAGE = "transparency/log";
  static final String PARTIAL = "transparency/partials/entries";
  static final int PAGE_SIZE = 50;

  /** Member-written text that entries before this release carried: not shown to visitors. */
  private static final Set<String> OLD_PRIVATE_TEXT = Set.of("title", "reason", "resolution", "result");

  /** The codes a "how" fact holds (how a text changed, how a vote closed early): each has a message key. */
  private static final Set<String> HOW = Set.of("author", "amendment", "vote", "all-voted", "by-officer");

  /** Group names that entries before this release carried: not shown to visitors. */
  private static final Set<String> OLD_GROUP_NAMES = Set.of("slug", "name_en", "name_ar");

  private final TransparencyLog log;
  private final Members members;
  private final Groups groups;
  private final PublicIds ids;
  private final ObjectProvider<LogWitnesses> witnesses;

  LogPageController(TransparencyLog log, Members members, Groups groups, PublicIds ids,
      ObjectProvider<LogWitnesses> witnesses) {
    this.log = log;
    this.members = members;
    this.groups = groups;
    this.ids = ids;
    this.witnesses = witnesses;
  }

  @GetMapping("/log")
  String page(
      @RequestParam(required = false) String type,
      @RequestParam(required = false) Long before,
      @AuthenticationPrincipal @Nullable MemberPrincipal viewer,
      HttpServletRequest request,
      Model model) {
    List<String> types = log.types();
    String chosen = type != null && types.contains(type) ? type : null;
    long size = log.size();
    long upTo = before == null || before < 0 || before > size ? size : before;
    List<LogEntry> entries = log.newest(chosen, upTo, PAGE_SIZE);
    Long older = entries.size() == PAGE_SIZE ? entries.get(entries.size() - 1).index() : null;
    var checkpoint = log.latestCheckpoint();
    model.addAttribute(
        "page",
        new LogPage(
            rows(entries, viewer != null), types, chosen, log.count(chosen), older,
            checkpoint.map(c -> c.treeSize()).orElse(0L),
            checkpoint.map(c -> Base64.getEncoder().encodeToString(c.rootHash())).orElse(""),
            LogSignatures.fingerprint(log.publicKey()),
            witnesses.stream().flatMap(w -> w.newest(10).stream()).toList()));
    return "true".equals(request.getHeader("HX-Request")) ? PARTIAL : PAGE;
  }

  private List<LogPage.Row> rows(List<LogEntry> entries, boolean signedIn) {
    // Members signed in see every name; visitors only officers' (o-…), who agreed to act under their
    // name (governance's PublicNames) — every other member stays a pseudonym.
    Set<String> pseudonyms = new HashSet<>();
    Set<MemberId> raw = new HashSet<>();
    for (LogEntry entry : entries) {
      entry.data().forEach((key, value) -> {
        if (PublicFact.MEMBER_KEYS.contains(key) && value != null) {
          if (signedIn) {
            memberId(value).ifPresentOrElse(raw::add, () -> pseudonyms.add(value));
          } else if (PublicIds.isOfficer(value)) {
            pseudonyms.add(value);
          }
        }
      });
    }
    Map<String, MemberId> byPseudonym = currentMembers(pseudonyms);
    raw.addAll(byPseudonym.values());
    Map<MemberId, String> names = raw.isEmpty() ? Map.of() : members.displayNames(raw);
    List<LogPage.Row> rows = new ArrayList<>();
    for (LogEntry entry : entries) {
      List<LogPage.Fact> facts = new ArrayList<>();
      for (var fact : entry.data().entrySet()) {
        facts.add(fact(entry.type(), fact.getKey(), fact.getValue(), signedIn, byPseudonym, names));
      }
      rows.add(new LogPage.Row(entry.index(), entry.type(), entry.loggedAt(), facts));
    }
    return rows;
  }

  private LogPage.Fact fact(String type, String key, @Nullable String value, boolean signedIn,
      Map<String, MemberId> byPseudonym, Map<MemberId, String> names) {
    if (value == null) {
      return new LogPage.Fact(key, "", null);
    }
    if (key.endsWith("_hmac")) {
      return new LogPage.Fact("hmac", value, null);
    }
    if (PublicFact.MEMBER_KEYS.contains(key)) {
      var raw = memberId(value);
      if (!signedIn) {
        // Entries from before pseudonyms carry raw ids: a visitor sees the pseudonym instead.
        String pseudonym = raw.map(m -> ids.member(m.value())).orElse(value);
        MemberId officer = PublicIds.isOfficer(pseudonym) ? byPseudonym.get(pseudonym) : null;
        String name = officer == null ? null : names.get(officer);
        return new LogPage.Fact(key, name == null ? pseudonym : name, null);
      }
      MemberId member = raw.orElse(byPseudonym.get(value));
      if (member == null && raw.isEmpty() && !PublicIds.isPseudonym(value)) {
        return new LogPage.Fact(key, value, null);
      }
      String name = member == null ? null : names.get(member);
      return name == null ? new LogPage.Fact(key, value, "log.member.deleted") : new LogPage.Fact(key, name, null);
    }
    if (!signedIn && (OLD_PRIVATE_TEXT.contains(key) || (type.equals("group.created") && OLD_GROUP_NAMES.contains(key)))) {
      return new LogPage.Fact(key, "", "log.value.hidden");
    }
    if ((key.equals("role") || key.equals("from") || key.equals("to")) && Role.fromCode(value).isPresent()) {
      return new LogPage.Fact(key, value, "role." + value);
    }
    String code = codeKey(type, key, value);
    if (code != null) {
      return new LogPage.Fact(key, value, code);
    }
    if (key.equals("group") && signedIn) {
      return new LogPage.Fact(key, groupName(value), null);
    }
    return new LogPage.Fact(key, value, null);
  }

  /**
   * The message key that names a coded value (a phase, method, outcome, status, kind or decision type) in
   * the reader's language, or null for a value that is not one of these codes (shown as it is).
   */
  static @Nullable String codeKey(String type, String key, String value) {
    return switch (key) {
      case "from", "to", "phase" -> value.equals("none") ? "log.value.none"
          : PHASES.contains(value) ? "proposals.phase." + value : null;
      case "method" -> METHODS.contains(value) ? "proposals.method." + value : null;
      case "outcome" -> !type.startsWith("ai.") && OUTCOMES.contains(value) ? "proposals.outcome." + value : null;
      case "status" -> STATUSES.contains(value) ? "implementation.status." + value : null;
      case "kind" -> KINDS.contains(value) ? "groups.kind." + value : null;
      case "type" -> TYPES.contains(value) ? "proposals.type." + value : null;
      case "how" -> HOW.contains(value) ? "log.value.how." + value : null;
      case "setting" -> SETTINGS.contains(value) ? "log.setting." + value : null;
      case "value" -> type.equals("organisation.setting") && SETTING_VALUES.contains(value) ? "log.value." + value : null;
      case "via" -> VIAS.contains(value) ? "log.via." + value : null;
      case "reason" -> type.equals("article.withdrawn") && WITHDRAWAL_REASONS.contains(value)
          ? "articles.withdrawal.reason." + value
          : type.equals("article.corrected") && CORRECTION_REASONS.contains(value) ? "articles.correction.reason." + value
          : null;
      default -> null;
    };
  }

  private static final Set<String> PHASES = Set.of("draft", "discussion", "voting", "decided", "implementation");
  private static final Set<String> METHODS = Set.of("majority", "supermajority", "consent", "approval", "score", "star",
      "irv", "schulze", "scottish-stv", "meek-stv");
  private static final Set<String> OUTCOMES = Set.of("accepted", "rejected", "failed_quorum", "chosen");
  private static final Set<String> STATUSES = Set.of("planned", "in_progress", "done", "abandoned");
  private static final Set<String> KINDS = Set.of("branch", "committee", "working_group");
  private static final Set<String> SETTINGS =
      Set.of("name_en", "name_ar", "default_language", "open_registration", "time_zone", "digits");
  private static final Set<String> SETTING_VALUES = Set.of("true", "false", "arab", "latn", "ar", "en");
  private static final Set<String> VIAS = Set.of("setup", "invitation", "registration");
  private static final Set<String> WITHDRAWAL_REASONS = Set.of("error", "rights", "privacy", "safety", "duplicate", "other");
  private static final Set<String> CORRECTION_REASONS = Set.of("fact", "typo", "clarity", "update", "other");
  private static final Set<String> TYPES = Set.of("general", "election", "amendment", "constitution", "ai-charter", "alliance", "move");

  /** The current members behind these pseudonyms, member or officer ones (members who were deleted are absent). */
  private Map<String, MemberId> currentMembers(Set<String> pseudonyms) {
    Map<String, MemberId> found = new HashMap<>();
    if (pseudonyms.isEmpty()) {
      return found;
    }
    for (var m : members.all()) {
      for (String pseudonym : new String[] {ids.member(m.id().value()), ids.officer(m.id().value())}) {
        if (pseudonyms.contains(pseudonym)) {
          found.put(pseudonym, m.id());
        }
      }
    }
    return found;
  }

  private String groupName(String id) {
    try {
      return groups.byId(new GroupId(UUID.fromString(id))).map(g -> g.slug()).orElse(id);
    } catch (IllegalArgumentException e) {
      return id;
    }
  }

  private static Optional<MemberId> memberId(String value) {
    if (value.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(MemberId.parse(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
