package org.commune.ai.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.ai.AiCall;
import org.commune.ai.AiRecord;
import org.commune.ai.AiTasks;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberPrincipal;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.web.Csv;
import org.commune.web.Form;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The record of every AI call, for members to browse, filter and contest. */
@Controller
class AiRecordController {

  private final AiRecord record;
  private final Members members;

  AiRecordController(AiRecord record, Members members) {
    this.record = record;
    this.members = members;
  }

  @GetMapping("/ai/calls")
  String calls(@RequestParam(defaultValue = "") String task, @RequestParam(defaultValue = "") String outcome,
      Model model) {
    model.addAttribute("page", new AiPages.Calls(record.newest(task, outcome), task, outcome, AiTasks.taskCodes()));
    return "ai/calls";
  }

  /**
   * The same calls as a spreadsheet (the newest 200, as filtered): codes, UTC moments, numbers; never who
   * asked, never the texts. {@code ?bom=0} leaves out the byte order mark.
   */
  @GetMapping("/ai/calls.csv")
  ResponseEntity<byte[]> callsCsv(@RequestParam(defaultValue = "") String task,
      @RequestParam(defaultValue = "") String outcome, @RequestParam(required = false) String bom) {
    Csv csv = Csv.withHeader("call", "at_utc", "task", "outcome", "reason", "data_class", "charter_version",
        "provider", "model", "template", "template_version", "redactions", "tokens_in", "tokens_out", "latency_ms",
        "energy_wh");
    for (AiCall c : record.newest(task, outcome)) {
      csv.row(c.id(), c.at(), c.task(), c.outcome(), c.reasonCode(), c.dataClass(), c.charterVersion(), c.provider(),
          c.model(), c.template(), c.templateVersion(), c.redactions(), c.tokensIn(), c.tokensOut(), c.latencyMs(),
          c.energyWh());
    }
    return csv.download("ai-calls", bom);
  }

  @GetMapping("/ai/calls/{id}")
  String call(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, Model model) {
    model.addAttribute("page", page(find(id), member, Form.empty()));
    return "ai/call";
  }

  @PostMapping("/ai/calls/{id}/contests/{contest}/resolve")
  String resolve(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, @PathVariable String contest,
      @RequestParam(defaultValue = "") String resolution, HttpServletResponse response, Model model) {
    AiCall call = find(id);
    UUID contestId = AiPages.uuid(contest);
    try {
      if (contestId == null) {
        throw InvalidInput.of("form", "ai.contest.not-open");
      }
      record.resolve(member.id(), call.id(), contestId, resolution);
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(call, member, Form.of(Map.of("resolution", resolution)).withErrors(invalid.byField())));
      return "ai/call";
    }
    return "redirect:/ai/calls/" + id;
  }

  @PostMapping("/ai/calls/{id}/contest")
  String contest(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String reason, HttpServletResponse response, Model model) {
    AiCall call = find(id);
    try {
      record.contest(member.id(), call.id(), reason);
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(call, member, Form.of(Map.of("reason", reason)).withErrors(invalid.byField())));
      return "ai/call";
    }
    return "redirect:/ai/calls/" + id;
  }

  private AiPages.Call page(AiCall call, MemberPrincipal viewer, Form form) {
    var contests = record.contests(call.id()).stream().map(c -> new AiPages.ContestView(c.id().toString(),
        members.find(new MemberId(c.member())).map(m -> m.displayName()).orElse(""), c.reason(), c.resolution()))
        .toList();
    return new AiPages.Call(call, contests, viewer.role() == Role.STEWARD, form);
  }

  private AiCall find(String id) {
    UUID uuid = AiPages.uuid(id);
    return (uuid == null ? Optional.<AiCall>empty() : record.find(uuid))
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
  }
}
