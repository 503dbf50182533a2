package org.commune.assembly.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commune.assembly.MeetingStatus;
import org.commune.assembly.MeetingView;
import org.commune.assembly.Meetings;
import org.commune.assembly.NewMeeting;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberPrincipal;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.web.Form;
import org.commune.web.Markdown;
import org.commune.web.Shell;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The meetings pages. Every change is a plain form POST that redirects back to the meeting (pages work
 * without JavaScript); a refused one comes back as the meeting page with the reason, status 400 (or 403
 * for a role that may not), nothing written.
 */
@Controller
class MeetingsController {

  private static final String LIST = "assembly/list";
  private static final String ONE = "assembly/meeting";

  private final Meetings meetings;
  private final Members members;

  MeetingsController(Meetings meetings, Members members) {
    this.meetings = meetings;
    this.members = members;
  }

  @GetMapping("/meetings")
  String list(@AuthenticationPrincipal @Nullable MemberPrincipal member, Model model) {
    model.addAttribute("page", listPage(member, Form.of(Map.of("quorumKind", "", "voters", "all", "minutes", "10"))));
    return LIST;
  }

  @PostMapping("/meetings")
  String schedule(@AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    Shell shell = shell(model);
    try {
      UUID id = meetings.schedule(member.id(), meeting(form, shell));
      return "redirect:/meetings/" + id;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", listPage(member, form.withErrors(invalid.byField())));
      return LIST;
    } catch (Meetings.NotAllowed notAllowed) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      model.addAttribute("page", listPage(member, form.withErrors(Map.of("form", "assembly.steward-only"))));
      return LIST;
    }
  }

  @GetMapping("/meetings/{id}")
  String show(@AuthenticationPrincipal @Nullable MemberPrincipal member, @PathVariable String id, Model model) {
    model.addAttribute("page", page(find(id), member, Form.empty(), shell(model)));
    return ONE;
  }

  /** The published minutes alone, for reading and printing; not found until they are published. */
  @GetMapping("/meetings/{id}/minutes")
  String minutes(@PathVariable String id, Model model) {
    MeetingView meeting = find(id);
    if (!meeting.minutesPublished()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    model.addAttribute("page", new MinutesPage(meeting, meetings.present(meeting), meetings.of(meeting),
        meeting.quorumRequired(meetings.of(meeting)), Markdown.html(String.valueOf(meeting.minutes()))));
    return "assembly/minutes";
  }

  /** Changes a meeting before its session opens (same fields as calling it). */
  @PostMapping("/meetings/{id}/edit")
  String edit(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    MeetingView meeting = find(id);
    Form form = Form.posted(posted);
    return act(meeting, member, form, response, model,
        () -> meetings.change(member.id(), meeting.id(), meeting(form, shell(model))));
  }

  @PostMapping("/meetings/{id}/open")
  String open(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, HttpServletResponse response,
      Model model) {
    MeetingView meeting = find(id);
    return act(meeting, member, Form.empty(), response, model, () -> meetings.open(member.id(), meeting.id()));
  }

  @PostMapping("/meetings/{id}/close")
  String close(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, HttpServletResponse response,
      Model model) {
    MeetingView meeting = find(id);
    return act(meeting, member, Form.empty(), response, model, () -> meetings.close(member.id(), meeting.id()));
  }

  /** Adds an item, removes one, or moves one up ({@code action} add, remove or up). */
  @PostMapping("/meetings/{id}/agenda")
  String agenda(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String proposal, @RequestParam(defaultValue = "add") String action,
      HttpServletResponse response, Model model) {
    MeetingView meeting = find(id);
    return act(meeting, member, Form.of(Map.of("proposal", proposal)), response, model, () -> {
      switch (action) {
        case "remove" -> meetings.removeFromAgenda(member.id(), meeting.id(), proposal);
        case "up" -> meetings.moveUp(member.id(), meeting.id(), proposal);
        default -> meetings.addToAgenda(member.id(), meeting.id(), proposal);
      }
    });
  }

  @PostMapping("/meetings/{id}/present")
  String present(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      HttpServletResponse response, Model model) {
    MeetingView meeting = find(id);
    return act(meeting, member, Form.empty(), response, model, () -> meetings.markPresent(member.id(), meeting.id()));
  }

  /** A steward records the ticked members present ({@code action} present) or absent. */
  @PostMapping("/meetings/{id}/attendance")
  String attendance(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam MultiValueMap<String, String> posted, HttpServletResponse response, Model model) {
    MeetingView meeting = find(id);
    List<String> chosen = posted.getOrDefault("member", List.of());
    boolean present = !"absent".equals(posted.getFirst("action"));
    return act(meeting, member, Form.empty(), response, model,
        () -> meetings.record(member.id(), meeting.id(), chosen, present));
  }

  @PostMapping("/meetings/{id}/votes")
  String vote(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String proposal, @RequestParam(defaultValue = "") String minutes,
      HttpServletResponse response, Model model) {
    MeetingView meeting = find(id);
    Form form = Form.of(Map.of("proposal", proposal, "minutes", minutes));
    return act(meeting, member, form, response, model,
        () -> meetings.startVote(member.id(), meeting.id(), proposal, form.number("minutes", -1)));
  }

  /** Saves the minutes as a draft ({@code action} save) or publishes them ({@code action} publish). */
  @PostMapping("/meetings/{id}/minutes")
  String writeMinutes(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String minutes, @RequestParam(defaultValue = "save") String action,
      HttpServletResponse response, Model model) {
    MeetingView meeting = find(id);
    return act(meeting, member, Form.of(Map.of("minutes", minutes)), response, model, () -> {
      if ("publish".equals(action)) {
        meetings.publishMinutes(member.id(), meeting.id(), minutes);
      } else {
        meetings.saveMinutes(member.id(), meeting.id(), minutes);
      }
    });
  }

  /** Does a change and goes back to the meeting; a refusal shows the meeting with its reason. */
  private String act(MeetingView meeting, MemberPrincipal member, Form form, HttpServletResponse response, Model model,
      Runnable change) {
    try {
      change.run();
      return "redirect:/meetings/" + meeting.id();
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(find(meeting.id().toString()), member, form.withErrors(invalid.byField()),
          shell(model)));
    } catch (Meetings.NotAllowed notAllowed) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      model.addAttribute("page", page(meeting, member, form.withErrors(Map.of("form", "assembly.steward-only")),
          shell(model)));
    }
    return ONE;
  }

  private MeetingsPage listPage(@Nullable MemberPrincipal member, Form form) {
    List<MeetingView> all = meetings.all();
    List<MeetingView> upcoming = all.stream().filter(m -> m.status() == MeetingStatus.SCHEDULED)
        .sorted(Comparator.comparing(MeetingView::startsAt)).toList();
    return new MeetingsPage(all.stream().filter(MeetingView::inSession).toList(), upcoming,
        all.stream().filter(MeetingView::closed).toList(), member != null && meetings.mayConvene(member.id()), form);
  }

  private MeetingPage page(MeetingView meeting, @Nullable MemberPrincipal viewer, Form form, @Nullable Shell shell) {
    boolean member = viewer != null;
    boolean steward = member && meetings.mayConvene(viewer.id());
    int of = meetings.of(meeting);
    String minutes = meeting.minutesPublished() || steward && meeting.minutes() != null
        ? Markdown.html(String.valueOf(meeting.minutes())) : "";
    List<MemberSummary> everyone = steward && meeting.inSession()
        ? members.all().stream().sorted(Comparator.comparing(MemberSummary::displayName)).toList() : List.of();
    var names = member ? meetings.presentNames(meeting.id()) : Map.<MemberId, String>of();
    if (!form.has("minutes") && steward && meeting.minutes() != null) {
      form = form.with("minutes", meeting.minutes());
    }
    if (!form.has("title") && steward && meeting.status() == MeetingStatus.SCHEDULED) {
      // The change form starts from the meeting as it is, its time in the reader's zone.
      form = form.with("title", meeting.title()).with("place", meeting.place() == null ? "" : meeting.place())
          .with("starts", LocalDateTime.ofInstant(meeting.startsAt(), zone(shell)).truncatedTo(ChronoUnit.MINUTES)
              .toString())
          .with("quorumKind", meeting.quorumKind() == null ? "" : meeting.quorumKind())
          .with("quorumValue", meeting.quorumKind() == null ? "" : Integer.toString(meeting.quorumValue()))
          .with("voters", meeting.voters());
    }
    return new MeetingPage(meeting, member, steward, member && meetings.isPresent(meeting.id(), viewer.id()),
        meetings.present(meeting), of, meeting.quorumRequired(of), meetings.agendaSize(meeting.id()),
        member ? meetings.agenda(meeting.id(), viewer.id()) : List.of(),
        steward && !meeting.closed() ? meetings.candidates(meeting.id(), viewer.id()) : List.of(),
        meetings.votes(meeting.id()), List.copyOf(names.values()), everyone,
        names.keySet().stream().map(MemberId::toString).toList(), minutes, form);
  }

  /** The meeting as the form describes it, its time read in the reader's time zone. */
  private static NewMeeting meeting(Form form, @Nullable Shell shell) {
    return new NewMeeting(form.value("title"), startsAt(form.value("starts"), shell), form.value("place"),
        form.value("quorumKind"), form.number("quorumValue", -1), form.value("voters"));
  }

  /** The date and time typed in the reader's time zone, or null when it is not one. */
  static @Nullable Instant startsAt(String typed, @Nullable Shell shell) {
    try {
      return LocalDateTime.parse(typed.strip()).atZone(zone(shell)).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static ZoneId zone(@Nullable Shell shell) {
    return shell == null ? ZoneOffset.UTC : shell.f().zone();
  }

  private static @Nullable Shell shell(Model model) {
    return (Shell) model.getAttribute("shell");
  }

  private MeetingView find(String id) {
    try {
      return meetings.find(UUID.fromString(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
  }
}
