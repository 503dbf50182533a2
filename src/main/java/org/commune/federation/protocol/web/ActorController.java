package org.commune.federation.protocol.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commune.federation.FederationSettings;
import org.commune.federation.FederationUrls;
import org.commune.federation.protocol.ActorDocuments;
import org.commune.federation.protocol.ActorRepository;
import org.commune.federation.protocol.Allies;
import org.commune.federation.protocol.Followers;
import org.commune.federation.protocol.Inbox;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.InboundRequest;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.TransparencyLog;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The organisation actor at one URL for servers and people: JSON-LD for {@code Accept: application/activity+json}
 * or {@code application/ld+json}, an HTML profile page (how to follow it) for browsers. Its followers and
 * following collections (counts only), and its inboxes.
 */
@Controller
class ActorController {

  private final ActorDocuments documents;
  private final FederationSettings settings;
  private final FederationUrls urls;
  private final ActorRepository actor;
  private final Followers followers;
  private final Allies allies;
  private final Inbox inbox;
  private final ActorKeys keys;
  private final TransparencyLog log;

  ActorController(ActorDocuments documents, FederationSettings settings, FederationUrls urls, ActorRepository actor,
      Followers followers, Allies allies, Inbox inbox, ActorKeys keys, TransparencyLog log) {
    this.keys = keys;
    this.log = log;
    this.documents = documents;
    this.settings = settings;
    this.urls = urls;
    this.actor = actor;
    this.followers = followers;
    this.allies = allies;
    this.inbox = inbox;
  }

  @GetMapping("/actors/{handle}")
  ModelAndView actor(@PathVariable String handle, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ours(handle);
    response.setHeader("Vary", "Accept");
    if (wantsActivityJson(request.getHeader("Accept"))) {
      json(response, documents.actor());
      return null; // the response is written
    }
    return profile();
  }

  /** The profile page at an address people can remember (the public menu links here). */
  @GetMapping("/federation")
  ModelAndView profile() {
    ActorRepository.ActorState state = actor.state();
    return new ModelAndView("federation/protocol/actor", Map.of("page", new FederationPages.ActorPage(
        documents.handle(), urls.actor(), followers.count(), allies.count(), state.manuallyApprovesFollowers(),
        state.movedTo(), LogSignatures.fingerprint(log.publicKey()),
        LogSignatures.fingerprint(keys.publicKey().getEncoded()))));
  }

  @GetMapping("/actors/{handle}/followers")
  ModelAndView followers(@PathVariable String handle, HttpServletResponse response) throws IOException {
    ours(handle);
    json(response, documents.followers());
    return null;
  }

  @GetMapping("/actors/{handle}/following")
  ModelAndView following(@PathVariable String handle, HttpServletResponse response) throws IOException {
    ours(handle);
    json(response, documents.following());
    return null;
  }

  @PostMapping("/actors/{handle}/inbox")
  ModelAndView personalInbox(@PathVariable String handle, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ours(handle);
    return receive(request, response);
  }

  @PostMapping("/inbox")
  ModelAndView sharedInbox(HttpServletRequest request, HttpServletResponse response) throws IOException {
    return receive(request, response);
  }

  /**
   * A delivery: refused as too large before anything reads it (by its Content-Length, then by reading at
   * most one byte past the cap), refused unless it says it is ActivityStreams JSON, then handed to the inbox.
   */
  private ModelAndView receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int cap = settings.inboxMaxBytes();
    if (request.getContentLengthLong() > cap) {
      response.setHeader("Connection", "close");
      return answer(response, 413, "too-large");
    }
    if (!isActivityJson(request.getContentType())) {
      return answer(response, 415, "unsupported-media-type");
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(cap + 1);
    }
    if (body.length > cap) {
      response.setHeader("Connection", "close");
      return answer(response, 413, "too-large");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    String query = request.getQueryString();
    String target = request.getRequestURI() + (query == null ? "" : "?" + query);
    Inbox.Answer answer = inbox.receive(new InboundRequest("POST", target, headers, body));
    return answer(response, answer.status(), answer.code());
  }

  private static ModelAndView answer(HttpServletResponse response, int status, String code) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.getOutputStream().write(("{\"status\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8));
    return null;
  }

  private void ours(String handle) {
    if (!handle.equals(settings.handle())) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
  }

  private static void json(HttpServletResponse response, String json) throws IOException {
    response.setContentType(FederationUrls.ACTIVITY_JSON + "; charset=utf-8");
    response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
  }

  /** What servers ask for: ActivityStreams JSON, as activity+json or ld+json (whatever its profile). */
  static boolean wantsActivityJson(String accept) {
    if (accept == null) {
      return false;
    }
    String lower = accept.toLowerCase(Locale.ROOT);
    return lower.contains("application/activity+json") || lower.contains("application/ld+json");
  }

  /** A body servers send: activity+json, ld+json or plain JSON (some send that). */
  static boolean isActivityJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
    return type.equals("application/activity+json") || type.equals("application/ld+json") || type.equals("application/json");
  }
}
