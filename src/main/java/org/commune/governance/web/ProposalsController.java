package org.commune.governance.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.governance.BallotInput;
import org.commune.governance.constitution.Constitution;
import org.commune.governance.DecisionRules;
import org.commune.governance.DecisionType;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalFilter;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalPhase;
import org.commune.governance.ProposalView;
import org.commune.governance.VoteDurations;
import org.commune.governance.Proposals;
import org.commune.governance.counting.CountReport;
import org.commune.members.Accounts;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.BallotSecret;
import org.commune.members.MemberPrincipal;
import org.commune.web.Csv;
import org.commune.web.Form;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** Proposals: list, propose, start a draft's discussion, cast a ballot, and the count and its exports. */
@Controller
class ProposalsController {

  static final String LIST = "governance/list";

  private final Proposals proposals;
  private final Constitution constitution;
  private final Groups groups;
  private final ProposalPages pages;
  private final Accounts accounts;

  ProposalsController(Proposals proposals, Constitution constitution, Groups groups, ProposalPages pages,
      Accounts accounts) {
    this.accounts = accounts;
    this.proposals = proposals;
    this.constitution = constitution;
    this.groups = groups;
    this.pages = pages;
  }

  @GetMapping("/proposals")
  String list(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(required = false) String create,
      @RequestParam(defaultValue = "general") String type, @RequestParam(defaultValue = "") String phase,
      @RequestParam(defaultValue = "") String group, @RequestParam(defaultValue = "") String voted,
      HttpServletResponse response, Model model) {
    DecisionRules rules = constitution.current().rules(type).orElse(constitution.rules("general"));
    // Types that carry a document are proposed from their own pages (constitution, AI charter, amendments).
    String chosenType = constitution.current().rules(type).isPresent()
        && DecisionType.fromCode(type).filter(t -> !t.needsPayload()).isPresent() ? type : DecisionType.GENERAL.code();
    ProposalsPage.Filters filters = filters(member, phase, group, voted);
    if (!filters.problem().isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }
    model.addAttribute("page", listPage(member, create != null, Form.of(Map.of("type", chosenType,
        "method", rules.methods().get(0), "days", Integer.toString(Math.max(7, rules.votingDays())), "unit", "days",
        "discussion", Integer.toString(Math.max(3, rules.discussionDays())), "quorum",
        Integer.toString(rules.quorumPercent()), "seats", "2", "maxScore", "5")), filters));
    return LIST;
  }

  /**
   * Reads the list's filters (GET parameters, so a filtered list is a link): a phase, a group by its
   * slug, "yes"/"no" for the member's own ballot. A value that names nothing is refused with a message
   * (and the whole list), never guessed at.
   */
  private ProposalsPage.Filters filters(MemberPrincipal member, String phase, String group, String voted) {
    String problem = "";
    ProposalPhase chosenPhase = null;
    if (!phase.isEmpty()) {
      chosenPhase = Arrays.stream(ProposalPhase.values()).filter(p -> p.code().equals(phase)).findFirst().orElse(null);
      if (chosenPhase == null) {
        problem = "proposals.filter.phase.unknown";
      }
    }
    UUID chosenGroup = null;
    if (!group.isEmpty()) {
      chosenGroup = groups.bySlug(group).map(g -> g.id().value()).orElse(null);
      if (chosenGroup == null) {
        problem = "proposals.filter.group.unknown";
      }
    }
    Boolean chosenVoted = switch (voted) {
      case "yes" -> Boolean.TRUE;
      case "no" -> Boolean.FALSE;
      default -> null;
    };
    if (!voted.isEmpty() && chosenVoted == null) {
      problem = "proposals.filter.voted.unknown";
    }
    ProposalFilter filter = problem.isEmpty() ? new ProposalFilter(chosenPhase, chosenGroup, chosenVoted) : null;
    return new ProposalsPage.Filters(chosenPhase == null ? "" : phase, chosenGroup == null ? "" : group,
        chosenVoted == null ? "" : voted, problem, filter == null ? List.of() : proposals.list(member.id(), filter),
        groups.all());
  }

  @PostMapping("/proposals")
  String create(@AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      String type = form.value("type").isEmpty() ? "general" : form.value("type");
      if (DecisionType.fromCode(type).filter(DecisionType::needsPayload).isPresent()) {
        throw InvalidInput.of("type", "proposals.type.invalid");
      }
      // The voting time: an amount and a unit (minutes for a meeting's vote, up to weeks); without a unit, days.
      Duration voting = VoteDurations.parse("days", form.value("days"),
          form.value("unit").isEmpty() ? "days" : form.value("unit"));
      ProposalId id = proposals.create(member.id(), new NewProposal(form.value("title"), form.value("body"),
          type, form.value("method"), form.value("options").lines().toList(), form.number("seats", 1),
          form.number("maxScore", 5), form.has("secret"), form.value("group"),
          form.number("discussion", 0), 0, form.number("quorum", -1),
          form.has("draft"), null, form.number("maxApprovals", 0), voting));
      return "redirect:/proposals/" + id;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", listPage(member, true, form.withErrors(invalid.byField()),
          filters(member, "", "", "")));
      return LIST;
    }
  }

  private ProposalsPage listPage(MemberPrincipal member, boolean showForm, Form form, ProposalsPage.Filters filters) {
    var rules = constitution.current();
    return new ProposalsPage(filters, showForm, rules.rules("general").orElseThrow().methods(),
        rules.rules("election").orElseThrow().methods(),
        groups.of(member.id()),
        form, rules.voting());
  }

  @GetMapping("/proposals/{id}")
  String show(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String reply, Model model) {
    ProposalView proposal = pages.find(id, member);
    model.addAttribute("page", pages.page(proposal, member, Form.empty(), "", reply, ""));
    return ProposalPages.ONE;
  }

  /**
   * Checks a receipt against the published list. A POST: a receipt in a URL would stay in browser
   * history and proxy logs, next to who asked (found by an attacker review).
   */
  @PostMapping("/proposals/{id}/receipts/check")
  String checkReceipt(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String receipt, Model model) {
    ProposalView proposal = pages.find(id, member);
    model.addAttribute("page", pages.page(proposal, member, Form.empty(), "", "", receipt));
    return ProposalPages.ONE;
  }

  @PostMapping("/proposals/{id}/start")
  String start(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, HttpServletResponse response,
      Model model) {
    ProposalView proposal = pages.find(id, member);
    try {
      proposals.startDiscussion(member.id(), proposal.id());
    } catch (InvalidInput invalid) {
      return pages.invalid(proposal, member, Map.of(), invalid, response, model);
    }
    return "redirect:/proposals/" + id;
  }

  @PostMapping("/proposals/{id}/text")
  String editText(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String body, HttpServletResponse response, Model model) {
    ProposalView proposal = pages.find(id, member);
    try {
      proposals.editText(member.id(), proposal.id(), body);
    } catch (InvalidInput invalid) {
      return pages.invalid(proposal, member, Map.of("body", body), invalid, response, model);
    }
    return "redirect:/proposals/" + id;
  }

  @PostMapping("/proposals/{id}/ballot")
  String cast(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam MultiValueMap<String, String> posted, HttpServletRequest request, HttpServletResponse response,
      Model model) {
    return ballot(member, id, posted, request, response, model, false);
  }

  /**
   * Replaces the member's ballot until the close. A secret ballot needs the member's ballot secret (from
   * a password sign-in, or the password given here); its new receipt is shown once on the response.
   */
  @PostMapping("/proposals/{id}/ballot/change")
  String change(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam MultiValueMap<String, String> posted, HttpServletRequest request, HttpServletResponse response,
      Model model) {
    return ballot(member, id, posted, request, response, model, true);
  }

  private String ballot(MemberPrincipal member, String id, MultiValueMap<String, String> posted,
      HttpServletRequest request, HttpServletResponse response, Model model, boolean change) {
    ProposalView proposal = pages.find(id, member);
    try {
      String password = posted.getFirst("password");
      if (proposal.secret() && BallotSecret.of(request) == null && password != null && !password.isEmpty()) {
        accounts.rememberBallotSecret(request, member.id(), password);
      }
      var receipt = change
          ? proposals.change(member.id(), proposal.id(), ballot(posted), BallotSecret.of(request))
          : proposals.cast(member.id(), proposal.id(), ballot(posted), BallotSecret.of(request));
      if (receipt.isPresent()) {
        // Shown once, on this response: the receipt never travels in a URL (and so in no log).
        model.addAttribute("page", pages.page(proposals.find(proposal.id()).orElseThrow(), member, Form.empty(),
            receipt.get(), "", ""));
        return ProposalPages.ONE;
      }
    } catch (InvalidInput invalid) {
      return pages.invalid(proposal, member, Map.of(), invalid, response, model);
    }
    return "redirect:/proposals/" + id + (change ? "?changed#ballot" : "?voted");
  }

  /**
   * Shows a secret ballot's receipt again while the vote is open (the page that showed it may have been
   * lost to a crash). A POST, so the receipt travels in no URL; only the voter themselves can ask.
   */
  @PostMapping("/proposals/{id}/receipt")
  String receiptAgain(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      HttpServletRequest request, Model model) {
    ProposalView proposal = pages.find(id, member);
    var receipt = proposals.receiptOf(proposal, member.id(), BallotSecret.of(request));
    if (receipt.isEmpty()) {
      return "redirect:/proposals/" + id;
    }
    model.addAttribute("page", pages.page(proposal, member, Form.empty(), receipt.get(), "", ""));
    return ProposalPages.ONE;
  }

  /** The ballots, once counted, for anyone to recount (JSON for ./commune tally, or CSV). Hidden until the close. */
  @GetMapping("/proposals/{id}/ballots.json")
  ResponseEntity<String> ballotsJson(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id) {
    ProposalView proposal = closed(id, member);
    return download(proposal, "ballots", "json", MediaType.APPLICATION_JSON, proposals.export(proposal));
  }

  /** CSV downloads carry a byte order mark for spreadsheet programs; {@code ?bom=0} leaves it out. */
  @GetMapping("/proposals/{id}/ballots.csv")
  ResponseEntity<byte[]> ballotsCsv(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(required = false) String bom) {
    ProposalView proposal = closed(id, member);
    return Exports.ballotsCsv(proposal, proposals.export(proposal)).download(filename(proposal, "ballots"), bom);
  }

  @GetMapping("/proposals/{id}/result.json")
  ResponseEntity<String> resultJson(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id) {
    ProposalView proposal = closed(id, member);
    return download(proposal, "result", "json", MediaType.APPLICATION_JSON, Exports.resultJson(proposal, report(proposal)));
  }

  @GetMapping("/proposals/{id}/result.csv")
  ResponseEntity<byte[]> resultCsv(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(required = false) String bom) {
    ProposalView proposal = closed(id, member);
    return Exports.resultCsv(report(proposal)).download(filename(proposal, "result"), bom);
  }

  /** Delegation weights at the close: each ballot's weight, no voter named (the ballots carry them too). */
  @GetMapping("/proposals/{id}/weights.csv")
  ResponseEntity<byte[]> weightsCsv(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(required = false) String bom) {
    ProposalView proposal = closed(id, member);
    return Exports.weightsCsv(proposals.export(proposal)).download(filename(proposal, "weights"), bom);
  }

  /** The published receipt list of a closed secret vote, one hash per line. */
  @GetMapping("/proposals/{id}/receipts.txt")
  ResponseEntity<String> receipts(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id) {
    ProposalView proposal = closed(id, member);
    return download(proposal, "receipts", "txt", MediaType.TEXT_PLAIN,
        String.join("\n", proposals.receipts(proposal)) + "\n");
  }

  private CountReport report(ProposalView proposal) {
    return proposals.report(proposal).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
  }

  private ProposalView closed(String id, MemberPrincipal member) {
    ProposalView proposal = pages.find(id, member);
    if (!proposal.decided()) {
      throw new ResponseStatusException(HttpStatus.CONFLICT);
    }
    return proposal;
  }

  private static ResponseEntity<String> download(ProposalView proposal, String what, String extension, MediaType type,
      String body) {
    return ResponseEntity.ok()
        .contentType(type)
        .header(HttpHeaders.CONTENT_DISPOSITION, Csv.attachment(filename(proposal, what) + "." + extension))
        .body(body);
  }

  private static String filename(ProposalView proposal, String what) {
    return what + "-" + proposal.id();
  }

  /** Reads the ballot form: choice, approved options, rank-N or score-N fields (empty = not given). */
  static BallotInput ballot(MultiValueMap<String, String> posted) {
    String choice = posted.getFirst("choice") == null ? "" : posted.getFirst("choice");
    Set<Integer> approved = new HashSet<>();
    for (String value : posted.getOrDefault("approved", List.of())) {
      approved.add(integer(value));
    }
    Map<Integer, Integer> ranks = new HashMap<>();
    Map<Integer, Integer> scores = new HashMap<>();
    posted.forEach((name, values) -> {
      if (!values.isEmpty() && !values.get(0).isBlank()) {
        if (name.startsWith("rank-")) {
          ranks.put(integer(name.substring(5)), integer(values.get(0)));
        } else if (name.startsWith("score-")) {
          scores.put(integer(name.substring(6)), integer(values.get(0)));
        }
      }
    });
    return new BallotInput(choice, approved, ranks, scores);
  }

  private static int integer(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw InvalidInput.of("form", "ballot.option.unknown");
    }
  }

}
