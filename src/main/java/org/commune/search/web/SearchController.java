package org.commune.search.web;

import jakarta.servlet.http.HttpServletResponse;
import org.commune.search.Search;
import org.commune.web.Shell;
import org.commune.web.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The search page, {@code /search?q=}, for visitors and members alike: a GET form, so a search is a link
 * and works without JavaScript. What each viewer may find is decided by the index, from who is signed in.
 */
@Controller
class SearchController {

  static final String TEMPLATE = "search/search";

  private final Search search;

  SearchController(Search search) {
    this.search = search;
  }

  @GetMapping("/search")
  String search(@ModelAttribute("shell") Shell shell, @RequestParam(name = "q", required = false) String query,
      HttpServletResponse response, Model model) {
    Viewer viewer = shell.viewer();
    Search.Results results = search.search(query, viewer == null ? null : viewer.memberId());
    if (results.refused()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }
    model.addAttribute("page", new SearchPage(results, shell.signedIn()));
    return TEMPLATE;
  }
}
