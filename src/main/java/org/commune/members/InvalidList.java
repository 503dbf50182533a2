package org.commune.members;

import java.util.List;

/**
 * A list of people to invite that cannot be used as it is: each problem names its line (0 for the list
 * as a whole) and a message key. Nothing was created.
 */
public final class InvalidList extends RuntimeException {

  private final List<Problem> problems;
  private final int lines;

  public InvalidList(List<Problem> problems, int lines) {
    super("invalid invitation list: " + problems.size() + " problems", null, false, false);
    this.problems = List.copyOf(problems);
    this.lines = lines;
  }

  /** The problems to show, at most {@link InvitationList#MAX_REPORTED}. */
  public List<Problem> shown() {
    return problems.subList(0, Math.min(problems.size(), InvitationList.MAX_REPORTED));
  }

  /** How many problems are not listed. */
  public int notShown() {
    return Math.max(0, problems.size() - InvitationList.MAX_REPORTED);
  }

  /** How many people the list named. */
  public int lines() {
    return lines;
  }

  /**
   * The line (counting from 1; 0 for the whole list), the message key that explains it, and what on
   * the line was refused when that helps ("" when not: member-written text is shown isolated).
   */
  public record Problem(int line, String messageKey, String detail) {

    public Problem(int line, String messageKey) {
      this(line, messageKey, "");
    }
  }
}
