package org.commune.ai.web;

import java.util.List;
import java.util.UUID;
import org.commune.ai.AiCall;
import org.commune.ai.AiRecord;
import org.commune.ai.AiTasks;
import org.commune.ai.Charters;
import org.commune.ai.Drafts;
import org.commune.ai.PromptTemplates;
import org.commune.ai.Provider;
import org.commune.ai.Providers;
import org.commune.ai.RedactionCorpus;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/** The typed records the AI pages take, one per template. */
public final class AiPages {

  private AiPages() {}

  /**
   * The AI home: whether AI can be used now and why not, this month's usage against the budget, and
   * the forms for the three tasks.
   *
   * @param unavailableKey a message key saying why AI is unavailable, or "" when it is available
   */
  public record Home(String unavailableKey, Charters.@Nullable Version charter, List<Providers.Health> health,
      AiRecord.Usage usage, String estimateWh, List<ArticleChoice> articles, List<ProposalChoice> proposals, Form form) {}

  public record ArticleChoice(String value, String title) {}

  public record ProposalChoice(String id, String title) {}

  public record Job(AiTasks.JobView job) {}

  public record Calls(List<AiCall> calls, String task, String outcome, List<String> tasks) {}

  /** One recorded call, its contests (with the raiser's name), and whether the viewer may resolve them. */
  public record Call(AiCall call, List<ContestView> contests, boolean steward, Form form) {}

  public record ContestView(String id, String member, String reason, String resolution) {}

  public record DraftList(List<Drafts.DraftView> drafts) {}

  public record Draft(Drafts.DraftView draft, Form form) {}

  public record Charter(Charters.@Nullable Version current, List<Charters.Version> history, String currentJson,
      boolean member, Form form) {}

  public record Prompts(List<PromptTemplates.Template> templates) {}

  /**
   * The providers with their health; {@code pinned}: the charter in force pins exactly this server;
   * {@code trusted}: the charter names it in its trust clause (named but not pinned: suspended).
   */
  public record ProviderAdmin(List<Provider> providers, List<Providers.Health> health, List<Boolean> pinned,
      List<Boolean> trusted, Providers.Outbound outbound, Form form,
      RedactionCorpus.Figures redaction) {}

  static @Nullable UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
