package org.commune.members.web;

import java.time.Instant;
import java.util.List;
import org.commune.web.NeedsYou;

/**
 * A member's home page: what needs them, one section per kind (each module contributes its own through
 * {@link NeedsYou}), and the moment "since your last visit" starts.
 */
public record HomePage(Instant since, List<NeedsYou.Section> sections) {

  /** How many things in all ask for the member (for the lead sentence). */
  public int total() {
    return sections.stream().mapToInt(s -> s.items().size()).sum();
  }
}
