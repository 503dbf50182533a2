package org.commune.governance.web;

import java.util.List;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.governance.deliberation.Comments;
import org.commune.search.Audience;
import org.commune.search.SearchDocument;
import org.commune.search.SearchSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What governance offers to search: proposals (members find every one but other members' drafts, as the
 * list shows them; a draft only its author) and comments still shown, by their current words (a withdrawn or hidden comment is never found).
 * Ballots are never offered, open or secret.
 */
@Configuration(proxyBeanMethods = false)
class GovernanceSearch {

  @Bean
  SearchSource proposalSearch(Proposals proposals) {
    return new SearchSource() {
      @Override
      public String kind() {
        return Proposals.SEARCH_KIND;
      }

      @Override
      public List<SearchDocument> all() {
        return proposals.searchable(null).stream().map(GovernanceSearch::document).toList();
      }

      @Override
      public List<SearchDocument> documents(String id) {
        return SearchSource.uuid(id).map(p -> proposals.searchable(new ProposalId(p)).stream().map(GovernanceSearch::document)
            .toList()).orElse(List.of());
      }
    };
  }

  @Bean
  SearchSource commentSearch(Comments comments) {
    return new SearchSource() {
      @Override
      public String kind() {
        return Comments.SEARCH_KIND;
      }

      @Override
      public List<SearchDocument> all() {
        return comments.searchableComments(null).stream().map(GovernanceSearch::document).toList();
      }

      @Override
      public List<SearchDocument> documents(String id) {
        return SearchSource.uuid(id).map(c -> comments.searchableComments(c).stream().map(GovernanceSearch::document).toList())
            .orElse(List.of());
      }
    };
  }

  private static SearchDocument document(ProposalView p) {
    return new SearchDocument(Proposals.SEARCH_KIND, p.id().toString(), "", p.title(), p.body(),
        "/proposals/" + p.id(), p.draft() ? Audience.OWNER : Audience.MEMBERS, p.draft() ? p.author().toString() : null,
        p.createdAt());
  }

  private static SearchDocument document(Comments.SearchableComment c) {
    return new SearchDocument(Comments.SEARCH_KIND, c.id().toString(), "", c.title(), c.body(),
        "/proposals/" + c.proposal() + "#c-" + c.id(), c.draft() ? Audience.OWNER : Audience.MEMBERS,
        c.draft() ? c.proposalAuthor().toString() : null, c.at());
  }
}
