package org.commune.governance.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.governance.BallotInput;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.web.Form;
import org.springframework.http.ContentDisposition;
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

/** Proposals and voting: list, open a vote, cast a ballot, see and download the count. */
@Controller
class ProposalsController {

  static final String LIST = "governance/list";
  static final String ONE = "governance/proposal";

  private final Proposals proposals;
  private final org.commune.members.Members members;

  ProposalsController(Proposals proposals, org.commune.members.Members members) {
    this.proposals = proposals;
    this.members = members;
  }

  @GetMapping("/proposals")
  String list(@RequestParam(required = false) String create, Model model) {
    model.addAttribute("page", new ProposalsPage(proposals.newest(), create != null,
        Form.of(Map.of("method", "majority", "days", "7", "quorum", "0"))));
    return LIST;
  }

  @PostMapping("/proposals")
  String open(@AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Map<String, String> values = new HashMap<>(posted);
    values.remove("_csrf");
    Form form = Form.of(values);
    try {
      ProposalId id = proposals.open(member.id(), new NewProposal(form.value("title"), form.value("body"),
          form.value("method"), form.value("options").lines().toList(), number(form.value("days")),
          number(form.value("quorum"))));
      return "redirect:/proposals/" + id;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", new ProposalsPage(proposals.newest(), true, form.withErrors(invalid.byField())));
      return LIST;
    }
  }

  @GetMapping("/proposals/{id}")
  String show(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, Model model) {
    ProposalView proposal = find(id);
    model.addAttribute("page", page(proposal, member, Form.empty()));
    return ONE;
  }

  @PostMapping("/proposals/{id}/ballot")
  String cast(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam MultiValueMap<String, String> posted, HttpServletResponse response, Model model) {
    ProposalView proposal = find(id);
    try {
      proposals.cast(member.id(), proposal.id(), ballot(posted));
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(proposal, member, Form.empty().withErrors(invalid.byField())));
      return ONE;
    }
    return "redirect:/proposals/" + id + "?voted";
  }

  /** The ballots, once counted, for anyone to recount. Before the close, results stay hidden. */
  @GetMapping("/proposals/{id}/ballots.json")
  ResponseEntity<String> export(@PathVariable String id) {
    ProposalView proposal = find(id);
    if (proposal.open()) {
      throw new ResponseStatusException(HttpStatus.CONFLICT);
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename("ballots-" + proposal.id() + ".json").build().toString())
        .body(proposals.export(proposal));
  }

  private ProposalPage page(ProposalView proposal, MemberPrincipal member, Form form) {
    String key = "";
    String name = "";
    var route = proposals.routeOf(proposal.id(), member.id());
    if (route.isPresent()) {
      if (route.get().isEmpty()) {
        key = "proposals.route.none";
      } else if (route.get().get().equals(member.id())) {
        key = "proposals.route.self";
      } else {
        key = "proposals.route.delegate";
        name = members.find(route.get().get()).map(m -> m.displayName()).orElse("");
      }
    }
    return new ProposalPage(proposal, proposals.hasVoted(proposal.id(), member.id()), key, name, form);
  }

  private ProposalView find(String id) {
    try {
      return proposals.find(ProposalId.parse(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    } catch (IllegalArgumentException notAnId) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
  }

  /** Reads the ballot form: choice, approved options, or rank-N fields (empty = not ranked). */
  static BallotInput ballot(MultiValueMap<String, String> posted) {
    String choice = posted.getFirst("choice") == null ? "" : posted.getFirst("choice");
    Set<Integer> approved = new HashSet<>();
    for (String value : posted.getOrDefault("approved", List.of())) {
      approved.add(integer(value));
    }
    Map<Integer, Integer> ranks = new HashMap<>();
    posted.forEach((name, values) -> {
      if (name.startsWith("rank-") && !values.isEmpty() && !values.get(0).isBlank()) {
        ranks.put(integer(name.substring(5)), integer(values.get(0)));
      }
    });
    return new BallotInput(choice, approved, ranks);
  }

  private static int integer(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw InvalidInput.of("form", "ballot.option.unknown");
    }
  }

  /** A whole number, or -1 (which the checks refuse with their own message) when it is not one. */
  private static int number(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
