package org.commune.governance.web;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.commune.governance.ProposalView;
import org.commune.governance.VotingMethod;
import org.commune.governance.counting.CountReport;
import org.commune.web.Shell;

/**
 * How a count reads on a result page: method and yes/no/abstain codes as words of the page's language,
 * numbers in the organisation's digits. The tie-break seed stays in Latin digits, as it is typed into
 * {@code ./commune tally} to recount. The counting engine itself only produces keys and plain values.
 */
public final class CountTexts {

  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+\\.[0-9]+");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+([.,/][0-9]+)*");
  private static final Set<String> CHOICES = Set.of("yes", "no", "abstain");
  /** Facts whose argument at this index is a seed, kept as typed. */
  private static final Set<String> SEED_FIRST = Set.of("count.ties");

  private final Shell shell;
  private final boolean choices;

  public CountTexts(Shell shell, ProposalView proposal) {
    this.shell = shell;
    this.choices = proposal.method().ballot() == VotingMethod.Ballot.CHOICE;
  }

  public String fact(CountReport.Fact fact) {
    return shell.t().get(fact.key(), args(fact.key(), fact.args().toArray()));
  }

  /** A bar's or a row's option: yes/no/abstain in words; member-written option names as written. */
  public String label(String option) {
    return choices && CHOICES.contains(option) ? shell.t().get("ballot.choice." + option) : option;
  }

  /**
   * A shown number ("29", "12.5", "3/4") in the organisation's digits, without the trailing zeros of a
   * fixed-precision count ("3.00000" reads 3; the exports keep every decimal); any other text unchanged.
   */
  public String number(String shown) {
    if (!NUMBER.matcher(shown).matches()) {
      return shown;
    }
    String trimmed = DECIMAL.matcher(shown).matches() ? shown.replaceAll("0+$", "").replaceAll("\\.$", "") : shown;
    return shell.f().digits(trimmed);
  }

  public String cell(CountReport.Cell cell) {
    return cell.key().isEmpty() ? label(number(cell.text())) : shell.t().get(cell.key(), number(cell.text()));
  }

  /** The whole count as text in the page's language, for the "full count" block. */
  public String record(CountReport count) {
    return count.print((key, args) -> shell.t().get(key, args(key, args)));
  }

  private Object[] args(String key, Object[] raw) {
    Object[] out = Arrays.copyOf(raw, raw.length);
    for (int i = 0; i < out.length; i++) {
      String value = String.valueOf(out[i]);
      if ("count.method".equals(key)) {
        out[i] = shell.t().getOr("proposals.method." + value, "count.method.unknown");
      } else if ("count.options".equals(key) && choices) {
        out[i] = String.join(shell.t().get("list.separator"),
            List.of(value.split(", ")).stream().map(this::label).toList());
      } else if (SEED_FIRST.contains(key) && i == 0) {
        out[i] = value;
      } else {
        out[i] = number(value);
      }
    }
    return out;
  }
}
