package org.commune.transparency.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.transparency.LogEntry;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.TransparencyLog;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The public log, for people: paged, filterable by type, in both languages. */
@Controller
class LogPageController {

  static final String PAGE = "transparency/log";
  static final String PARTIAL = "transparency/partials/entries";
  static final int PAGE_SIZE = 50;

  private static final Set<String> MEMBER_KEYS = Set.of("member", "by", "first_steward");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final TransparencyLog log;
  private final Members members;
  private final Groups groups;

  LogPageController(TransparencyLog log, Members members, Groups groups) {
    this.log = log;
    this.members = members;
    this.groups = groups;
  }

  @GetMapping("/log")
  String page(
      @RequestParam(required = false) String type,
      @RequestParam(required = false) Long before,
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
            rows(entries), types, chosen, log.count(chosen), older,
            checkpoint.map(c -> c.treeSize()).orElse(0L),
            checkpoint.map(c -> Base64.getEncoder().encodeToString(c.rootHash())).orElse(""),
            LogSignatures.fingerprint(log.publicKey())));
    return "true".equals(request.getHeader("HX-Request")) ? PARTIAL : PAGE;
  }

  private List<LogPage.Row> rows(List<LogEntry> entries) {
    Set<MemberId> ids = new HashSet<>();
    for (LogEntry entry : entries) {
      entry.data().forEach((key, value) -> memberId(key, value).ifPresent(ids::add));
    }
    Map<MemberId, String> names = members.displayNames(ids);
    List<LogPage.Row> rows = new ArrayList<>();
    for (LogEntry entry : entries) {
      List<LogPage.Fact> facts = new ArrayList<>();
      entry.data().forEach((key, value) -> facts.add(fact(entry.type(), key, value, names)));
      rows.add(new LogPage.Row(entry.index(), entry.type(), TIME.format(entry.loggedAt()), facts));
    }
    return rows;
  }

  private LogPage.Fact fact(String type, String key, String value, Map<MemberId, String> names) {
    var member = memberId(key, value);
    if (member.isPresent()) {
      String name = names.get(member.get());
      return name == null ? new LogPage.Fact(key, value, "log.member.deleted") : new LogPage.Fact(key, name, null);
    }
    if ((key.equals("role") || key.equals("from") || key.equals("to")) && Role.fromCode(value).isPresent()) {
      return new LogPage.Fact(key, value, "role." + value);
    }
    if (key.equals("group") && !type.equals("group.created")) {
      return new LogPage.Fact(key, groupName(value), null);
    }
    return new LogPage.Fact(key, value, null);
  }

  private String groupName(String id) {
    try {
      return groups.byId(new GroupId(UUID.fromString(id))).map(g -> g.slug()).orElse(id);
    } catch (IllegalArgumentException e) {
      return id;
    }
  }

  private static java.util.Optional<MemberId> memberId(String key, @Nullable String value) {
    if (!MEMBER_KEYS.contains(key) || value == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(MemberId.parse(value));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }
}
