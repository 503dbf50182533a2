package org.commune.ai.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.commune.ai.Drafts;
import org.commune.members.MemberId;
import org.commune.web.NeedsYou;
import org.springframework.stereotype.Component;

/** The AI module's section of a member's home page: drafts waiting for their review (never their own). */
@Component
class AiNeedsYou implements NeedsYou {

  private final Drafts drafts;

  AiNeedsYou(Drafts drafts) {
    this.drafts = drafts;
  }

  @Override
  public List<Section> sections(String memberId, Instant since) {
    MemberId member = new MemberId(UUID.fromString(memberId));
    return List.of(new Section("drafts", 60, "home.drafts.title", "home.drafts.empty", "/ai/drafts",
        drafts.waitingForReview(member, 8).stream()
            .map(d -> new Item(d.title(), "/ai/drafts/" + d.id(), "pending", "home.drafts.status",
                "ai.task." + d.task(), null, null, null, null))
            .toList()));
  }
}
