package org.commune.ai.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commune.ai.AiTask;
import org.commune.ai.Charter;
import org.commune.ai.Charters;
import org.commune.governance.ProposalId;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The AI charter in force and its history (public), and the form to put a new one to the vote. */
@Controller
class CharterController {

  private final Charters charters;

  CharterController(Charters charters) {
    this.charters = charters;
  }

  @GetMapping("/ai/charter")
  String show(@AuthenticationPrincipal @Nullable MemberPrincipal member, Model model) {
    model.addAttribute("page", page(member, Form.of(prefill())));
    return "ai/charter";
  }

  @PostMapping("/ai/charter")
  String propose(@AuthenticationPrincipal MemberPrincipal member, @RequestParam MultiValueMap<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted.toSingleValueMap());
    try {
      Map<String, Charter.TaskClause> tasks = new LinkedHashMap<>();
      for (AiTask task : AiTask.values()) {
        if (form.has("task-" + task.code())) {
          tasks.put(task.code(), new Charter.TaskClause(list(form.value("providers-" + task.code())),
              list(form.value("models-" + task.code())), form.has("review-" + task.code())));
        }
      }
      Map<String, List<String>> trust = new LinkedHashMap<>();
      for (String line : form.value("trust").lines().toList()) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.split(":", 2);
        if (parts.length != 2) {
          throw InvalidInput.of("trust", "charter.trust.invalid");
        }
        trust.put(parts[0].strip().toLowerCase(Locale.ROOT), list(parts[1]));
      }
      Charter charter = new Charter(tasks, trust, form.largeNumber("monthlyTokens", -1),
          form.decimal("monthlyEnergyWh", -1), form.number("retentionDays", -1),
          form.value("expires").isBlank() ? null : form.value("expires").strip());
      ProposalId id = charters.propose(member.id(), form.value("title"), form.value("body"), charter,
          form.number("days", -1));
      return "redirect:/proposals/" + id;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(member, form.withErrors(invalid.byField())));
      return "ai/charter";
    }
  }

  private AiPages.Charter page(@Nullable MemberPrincipal member, Form form) {
    var current = charters.current().orElse(null);
    return new AiPages.Charter(current, charters.history(),
        current == null ? "" : Charters.json(member != null ? current.charter() : forVisitors(current.charter())),
        member != null, form);
  }

  /** The form starts from the charter in force, or from a cautious proposal: local server only. */
  private Map<String, String> prefill() {
    Map<String, String> values = new HashMap<>();
    var current = charters.current();
    if (current.isPresent()) {
      Charter c = current.get().charter();
      c.tasks().forEach((task, clause) -> {
        values.put("task-" + task, "on");
        values.put("providers-" + task, String.join(", ", clause.providers()));
        values.put("models-" + task, String.join(", ", clause.models()));
        if (clause.secondReviewer()) {
          values.put("review-" + task, "on");
        }
      });
      StringBuilder trust = new StringBuilder();
      c.trust().forEach((p, classes) -> trust.append(p).append(": ").append(String.join(", ", classes)).append('\n'));
      values.put("trust", trust.toString());
      values.put("monthlyTokens", Long.toString(c.monthlyTokens()));
      values.put("monthlyEnergyWh", Double.toString(c.monthlyEnergyWh()));
      values.put("retentionDays", Integer.toString(c.retentionDays()));
      if (c.expires() != null) {
        values.put("expires", c.expires());
      }
    } else {
      for (AiTask task : AiTask.values()) {
        values.put("task-" + task.code(), "on");
        values.put("providers-" + task.code(), "local");
        values.put("models-" + task.code(), "*");
        values.put("review-" + task.code(), "on");
      }
      values.put("trust", "local: public, member\n");
      values.put("monthlyTokens", "2000000");
      values.put("monthlyEnergyWh", "1000");
      values.put("retentionDays", "90");
    }
    values.put("days", "7");
    return values;
  }

  private static List<String> list(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }



  /**
   * Visitors see every clause and each pinned server's fingerprint, but not its address or key
   * variable: a model server's address maps the organisation's internal network for an adversary.
   */
  private static Charter forVisitors(Charter charter) {
    Map<String, Charter.Pin> pins = new LinkedHashMap<>();
    charter.pins().forEach((name, pin) -> pins.put(name, new Charter.Pin("", pin.models(), null, pin.fingerprint())));
    return charter.pinning(pins);
  }
}
