package org.commune.ai;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Redaction measured on the corpus shipped with this version ({@link RedactionCorpus}), for the AI
 * admin page: computed on first view (about a second) and kept, since neither the corpus nor the
 * rules change while the server runs. The same figures are asserted at build time by
 * {@code PersonalDataRecallTest}.
 */
@Service
public class RedactionQuality {

  private volatile RedactionCorpus.@Nullable Figures figures;

  public RedactionCorpus.Figures figures() {
    RedactionCorpus.Figures measured = figures;
    if (measured == null) {
      measured = RedactionCorpus.load().measure();
      figures = measured;
    }
    return measured;
  }
}
