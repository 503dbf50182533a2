package org.commune.members;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Input a member must correct. Carries message keys per field, never raw text, so that the page can
 * explain each problem in the member's language. Nothing is written when it is thrown.
 */
public final class InvalidInput extends RuntimeException {

  private final List<Problem> problems;

  public InvalidInput(List<Problem> problems) {
    super("invalid input: " + problems.stream().map(Problem::messageKey).toList(), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public static InvalidInput of(String field, String messageKey) {
    return new InvalidInput(List.of(new Problem(field, messageKey)));
  }

  public List<Problem> problems() {
    return problems;
  }

  /** Message key per field, for forms. */
  public Map<String, String> byField() {
    return problems.stream().collect(Collectors.toMap(Problem::field, Problem::messageKey, (a, b) -> a));
  }

  /** One problem: the form field and the message key that explains it. */
  public record Problem(String field, String messageKey) {}
}
