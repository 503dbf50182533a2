package org.commune.federation.survival.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.UUID;
import org.commune.federation.survival.Alliances;
import org.commune.federation.survival.Mirrors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** The mirrors' public pages: clearly marked copies, each linking to its origin as the canonical address. */
@Controller
class MirrorController {

  private final Mirrors mirrors;
  private final Alliances allies;

  MirrorController(Mirrors mirrors, Alliances allies) {
    this.mirrors = mirrors;
    this.allies = allies;
  }

  /** Every mirror this Commune keeps: an ended alliance's mirror stays readable, so it stays listed. */
  @GetMapping("/mirrors")
  String all(Model model) {
    model.addAttribute("page", new SurvivalPages.MirrorsPage(allies.all()));
    return "federation/survival/mirrors";
  }

  @GetMapping("/mirrors/{host}")
  String index(@PathVariable String host, Model model) {
    Mirrors.Index index = mirrors.index(host).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    // The origin answered the last sync unless that sync could not reach it (a refused log still answered).
    String status = index.ally().lastSyncStatus();
    boolean reachable = status != null && !status.equals("unreachable") && !status.equals("refused-address");
    model.addAttribute("page", new SurvivalPages.MirrorPage(index, index.ally().origin("/"), reachable));
    return "federation/survival/mirror";
  }

  @GetMapping("/mirrors/{host}/articles/{id}")
  String article(@PathVariable String host, @PathVariable String id, Model model, HttpServletResponse response) {
    UUID article;
    try {
      article = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    Optional<Mirrors.Entry> entry = mirrors.article(host, article);
    Mirrors.Index index = entry.flatMap(e -> mirrors.index(host)).orElseThrow(
        () -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    if (!entry.get().verified()) {
      response.setStatus(HttpServletResponse.SC_CONFLICT);
    } else if (entry.get().article().withdrawn() != null) {
      response.setStatus(HttpServletResponse.SC_GONE);
    }
    model.addAttribute("page", new SurvivalPages.MirrorArticlePage(index.ally(), entry.get(),
        index.ally().origin("/articles/" + article)));
    return "federation/survival/mirror-article";
  }
}
