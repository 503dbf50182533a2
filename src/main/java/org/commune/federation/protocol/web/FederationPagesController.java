package org.commune.federation.protocol.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.commune.federation.protocol.ActorDocuments;
import org.commune.federation.protocol.Allies;
import org.commune.federation.protocol.AllyPost;
import org.commune.federation.protocol.BlockedDomains;
import org.commune.federation.protocol.Followers;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The protocol's pages: for anyone, the blocked domains and what allies publish; for stewards, followers
 * (approve, refuse, remove, approve each one or not), blocked domains (add, remove) and allies (follow,
 * unfollow). Every form works without JavaScript and answers a wrong input with the form and its message.
 */
@Controller
class FederationPagesController {

  private final BlockedDomains blocked;
  private final Followers followers;
  private final Allies allies;
  private final ActorDocuments documents;

  FederationPagesController(BlockedDomains blocked, Followers followers, Allies allies, ActorDocuments documents) {
    this.blocked = blocked;
    this.followers = followers;
    this.allies = allies;
    this.documents = documents;
  }

  @GetMapping("/federation/blocked")
  String blockedList(Model model) {
    model.addAttribute("page", new FederationPages.BlockedPage(blocked.all()));
    return "federation/protocol/blocked";
  }

  @GetMapping("/federation/allies")
  String allyPosts(@RequestParam(defaultValue = "0") String page, Model model) {
    int number = page(page);
    List<AllyPost.Shown> posts = allies.posts(number);
    model.addAttribute("page", new FederationPages.AlliesPage(posts.stream().limit(Allies.PAGE).toList(), number,
        posts.size() > Allies.PAGE));
    return "federation/protocol/allies";
  }

  @GetMapping("/admin/federation/followers")
  String followersPage(@RequestParam(defaultValue = "accepted") String state,
      @RequestParam(defaultValue = "0") String page, Model model) {
    String shown = state.equals("pending") ? "pending" : "accepted";
    model.addAttribute("page", new FederationPages.FollowersAdmin(followers.list(shown, page(page)), shown, null));
    return "federation/protocol/admin-followers";
  }

  @PostMapping("/admin/federation/followers/approve")
  String approve(@RequestParam(defaultValue = "") String actor) {
    followers.approve(actor);
    return "redirect:/admin/federation/followers?state=pending";
  }

  @PostMapping("/admin/federation/followers/remove")
  String remove(@RequestParam(defaultValue = "") String actor, @RequestParam(defaultValue = "accepted") String state,
      @RequestParam(defaultValue = "") String confirm, HttpServletResponse response, Model model) {
    // Removing an accepted follower cannot be undone from here (they would have to follow again): the form
    // asks for a ticked confirmation, which works without JavaScript, and nothing happens without it.
    if (!state.equals("pending") && !confirm.equals("yes")) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", new FederationPages.FollowersAdmin(followers.list("accepted", 0), "accepted",
          "federation.followers.remove.unconfirmed"));
      return "federation/protocol/admin-followers";
    }
    followers.remove(actor);
    return "redirect:/admin/federation/followers?state=" + (state.equals("pending") ? "pending" : "accepted");
  }

  @PostMapping("/admin/federation/followers/approval")
  String approval(@AuthenticationPrincipal MemberPrincipal steward, @RequestParam(defaultValue = "") String manual) {
    followers.approveEachFollower(steward.id(), manual.equals("on"));
    return "redirect:/admin/federation/followers";
  }

  @GetMapping("/admin/federation/blocked")
  String blockedAdmin(Model model) {
    model.addAttribute("page", new FederationPages.BlockedAdmin(blocked.all(), BlockedDomains.REASONS, Form.empty(),
        notice(model)));
    return "federation/protocol/admin-blocked";
  }

  @PostMapping("/admin/federation/blocked")
  String block(@AuthenticationPrincipal MemberPrincipal steward, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model, RedirectAttributes redirect) {
    Form form = Form.posted(posted);
    return submitted(form, response, model, redirect, "/admin/federation/blocked", "federation/protocol/admin-blocked",
        "federation.blocked.done",
        () -> blocked.block(steward.id(), form.value("domain"), form.value("reason"), form.value("note")),
        errors -> new FederationPages.BlockedAdmin(blocked.all(), BlockedDomains.REASONS, errors, null));
  }

  @PostMapping("/admin/federation/blocked/remove")
  String unblock(@AuthenticationPrincipal MemberPrincipal steward, @RequestParam(defaultValue = "") String domain) {
    blocked.unblock(steward.id(), domain);
    return "redirect:/admin/federation/blocked";
  }

  @GetMapping("/admin/federation/following")
  String followingAdmin(Model model) {
    model.addAttribute("page", new FederationPages.FollowingAdmin(allies.all(), documents.handle(), Form.empty(),
        notice(model)));
    return "federation/protocol/admin-following";
  }

  @PostMapping("/admin/federation/following")
  String follow(@AuthenticationPrincipal MemberPrincipal steward, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model, RedirectAttributes redirect) {
    Form form = Form.posted(posted);
    return submitted(form, response, model, redirect, "/admin/federation/following", "federation/protocol/admin-following",
        "federation.following.done",
        () -> allies.follow(steward.id(), form.value("actor")),
        errors -> new FederationPages.FollowingAdmin(allies.all(), documents.handle(), errors, null));
  }

  @PostMapping("/admin/federation/following/remove")
  String unfollow(@AuthenticationPrincipal MemberPrincipal steward, @RequestParam(defaultValue = "") String actor) {
    allies.unfollow(steward.id(), actor);
    return "redirect:/admin/federation/following";
  }

  /**
   * Makes a steward's change and goes back to the page; refused, the same page again (400) with the form
   * as posted and what was wrong with it.
   */
  private static String submitted(Form form, HttpServletResponse response, Model model, RedirectAttributes redirect,
      String back, String template, String notice, Runnable change, Function<Form, Object> page) {
    try {
      change.run();
      // Said once on the page the steward lands on (a flash attribute), so the address stays the page's own.
      redirect.addFlashAttribute(NOTICE, notice);
      return "redirect:" + back;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page.apply(form.withErrors(invalid.byField())));
      return template;
    }
  }

  private static final String NOTICE = "notice";

  /** The success notice a redirect carried here (a message key of ours), if any. */
  private static @Nullable String notice(Model model) {
    return model.getAttribute(NOTICE) instanceof String key && key.endsWith(".done") ? key : null;
  }

  /** A page number from the address; anything that is not a small number is the first page. */
  private static int page(String text) {
    return text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : 0;
  }
}
