package org.commune.assembly.web;

import java.util.List;
import java.util.stream.Stream;
import org.commune.assembly.AgendaItem;
import org.commune.assembly.MeetingStatus;
import org.commune.assembly.MeetingView;
import org.commune.assembly.QuickVote;
import org.commune.members.MemberSummary;
import org.commune.web.Form;

/**
 * One meeting as the viewer may see it. A visitor gets the meeting's public parts: title, time, status,
 * attendance counts, the size of the agenda, quick votes' results and published minutes; members also
 * get the place, the agenda's proposals and who is present; stewards the controls.
 *
 * @param quorum how many must be present (0: no quorum set)
 * @param presentNames display names of those present (empty for visitors)
 * @param everyone the members, for the steward's attendance form (empty for others)
 * @param minutesHtml the minutes as sanitised HTML: the published ones, or for stewards the draft
 */
public record MeetingPage(MeetingView meeting, boolean member, boolean steward, boolean present, int presentCount,
    int members, int quorum, int agendaSize, List<AgendaItem> agenda, List<AgendaItem> candidates,
    List<QuickVote> votes, List<String> presentNames, List<MemberSummary> everyone, List<String> presentIds,
    String minutesHtml, Form form) {

  /** The agenda item's title for a quick vote, or "" when the viewer may not see it. */
  public String titleOf(QuickVote vote) {
    return agenda.stream().filter(a -> a.proposal().equals(vote.item())).map(AgendaItem::title).findFirst().orElse("");
  }

  public boolean voteOpenOn(AgendaItem item) {
    return votes.stream().anyMatch(v -> v.open() && v.item().equals(item.proposal()));
  }

  /** A change of the meeting came back with a problem in one of its fields: its form opens to show it. */
  public boolean changeRefused() {
    return Stream.of("title", "starts", "place", "quorumKind", "quorumValue", "voters").anyMatch(form::hasError);
  }

  public boolean quorumMet() {
    return quorum == 0 || presentCount >= quorum;
  }

  /** The design system's badge status for a meeting's status. */
  public static String badge(MeetingStatus status) {
    return switch (status) {
      case SCHEDULED -> "pending";
      case IN_SESSION -> "open";
      case CLOSED -> "closed";
    };
  }

  /** The badge status for a proposal's phase code. */
  public static String phaseBadge(String phase) {
    return switch (phase) {
      case "draft", "discussion", "voting" -> phase;
      case "implementation" -> "implemented";
      default -> "closed";
    };
  }

  /** The badge status for a closed quick vote: an inquorate meeting's vote is shown as failed quorum. */
  public static String outcomeBadge(QuickVote vote) {
    if (vote.open()) {
      return "voting";
    }
    if (!vote.quorate()) {
      return "failed-quorum";
    }
    return switch (String.valueOf(vote.outcome())) {
      case "accepted", "chosen" -> "passed";
      case "failed_quorum" -> "failed-quorum";
      default -> "rejected";
    };
  }
}
