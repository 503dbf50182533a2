package org.commune.members.web;

import java.util.List;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.search.Audience;
import org.commune.search.SearchDocument;
import org.commune.search.SearchSource;
import org.springframework.stereotype.Component;

/**
 * Members in search: display name and username, for signed-in members only (as the members list is).
 * Nothing else about a member is searchable: no email, no group, no role.
 */
@Component
class MemberSearch implements SearchSource {

  private final Members members;

  MemberSearch(Members members) {
    this.members = members;
  }

  @Override
  public String kind() {
    return Members.SEARCH_KIND;
  }

  @Override
  public List<SearchDocument> all() {
    return members.all().stream().map(MemberSearch::document).toList();
  }

  @Override
  public List<SearchDocument> documents(String id) {
    return SearchSource.uuid(id).flatMap(m -> members.find(new MemberId(m))).map(MemberSearch::document).stream()
        .toList();
  }

  private static SearchDocument document(MemberSummary m) {
    return new SearchDocument(Members.SEARCH_KIND, m.id().toString(), "", m.displayName(), m.username(),
        "/members", Audience.MEMBERS, null, m.joinedAt());
  }
}
