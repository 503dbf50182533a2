package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.InvalidList;
import org.commune.members.Invitations;
import org.commune.members.InvitationsMade;
import org.commune.members.MemberPrincipal;
import org.commune.web.Form;
import org.commune.web.LargeForms;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Moderators and stewards invite people: one link at a time, or a whole list (pasted or a CSV file)
 * at once, sent by email or printed as a sheet of links and QR codes; they revoke and resend.
 */
@Controller
class InvitationsController implements LargeForms {

  static final String TEMPLATE = "members/invitations";
  static final String SHEET = "members/invitation-sheet";
  static final String BULK = "/invitations/bulk";

  private final Invitations invitations;
  private final Groups groups;

  InvitationsController(Invitations invitations, Groups groups) {
    this.invitations = invitations;
    this.groups = groups;
  }

  /** The list form posts multipart, up to 1 MB: a thousand lines of Arabic names fit. */
  @Override
  public Set<String> paths() {
    return Set.of(BULK);
  }

  @GetMapping("/invitations")
  String page(Model model) {
    return Pages.show(model, page(Form.of(Map.of("days", "7")), List.of(), 0), TEMPLATE);
  }

  @PostMapping("/invitations")
  String create(
      @AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      int days = parseDays(form.value("days"));
      String token = invitations.create(member.id(), days, form.value("group"), form.value("note"));
      return sheet(model, new InvitationsMade(
          List.of(new InvitationsMade.Made("", invitations.link(token), false, blankToNull(form.value("group")))),
          invitations.now().plus(Duration.ofDays(days))));
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, page(Pages.withProblems(form, invalid), List.of(), 0), TEMPLATE);
    }
  }

  @PostMapping(BULK)
  String bulk(
      @AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      @RequestParam(required = false) @Nullable MultipartFile file, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      String list = file != null && !file.isEmpty() ? utf8(file) : form.value("list");
      InvitationsMade made = invitations.createBulk(member.id(), list, parseDays(form.value("days")), form.value("group"));
      return sheet(model, made);
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, page(Pages.withProblems(form, invalid), List.of(), 0), TEMPLATE);
    } catch (InvalidList invalid) {
      return Pages.invalid(
          response, model, page(form.withErrors(Map.of("list", "invitations.bulk.refused")), invalid.shown(), invalid.notShown()),
          TEMPLATE);
    }
  }

  @PostMapping("/invitations/{id}/revoke")
  String revoke(@PathVariable String id, HttpServletResponse response, Model model) {
    try {
      invitations.revoke(parseId(id));
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, page(Form.of(Map.of("days", "7")).withErrors(invalid.byField()), List.of(), 0), TEMPLATE);
    }
    return "redirect:/invitations?revoked";
  }

  @PostMapping("/invitations/{id}/resend")
  String resend(@PathVariable String id, @RequestParam(defaultValue = "7") String days, HttpServletResponse response,
      Model model) {
    try {
      return sheet(model, invitations.resend(parseId(id), parseDays(days)));
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, page(Form.of(Map.of("days", "7")).withErrors(invalid.byField()), List.of(), 0), TEMPLATE);
    }
  }

  private String sheet(Model model, InvitationsMade made) {
    return Pages.show(model, new InvitationSheetPage(made), SHEET);
  }

  private InvitationsPage page(Form form, List<InvalidList.Problem> listProblems, int notShown) {
    return new InvitationsPage(invitations.recent(), groups.all(), invitations.now(), form, listProblems, notShown);
  }

  /** The file as UTF-8 (a byte order mark is dropped later); anything else is refused with a message. */
  private static String utf8(MultipartFile file) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(file.getBytes()))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      throw InvalidInput.of("file", "invitations.bulk.not-utf8");
    } catch (IOException unreadable) {
      throw InvalidInput.of("file", "invitations.bulk.unreadable");
    }
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw InvalidInput.of("form", "invitations.unchangeable");
    }
  }

  private static @Nullable String blankToNull(String value) {
    return value.isBlank() ? null : value;
  }

  private static int parseDays(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw InvalidInput.of("days", "invitations.days.invalid");
    }
  }
}
