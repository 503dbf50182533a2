package org.commune.members;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for groups and group membership. */
@Repository
class GroupRepository {

  private static final String SUMMARY =
      """
      SELECT g.id, g.slug, g.name_en, g.name_ar, g.kind,
             (SELECT count(*) FROM group_membership m WHERE m.group_id = g.id) AS members
      FROM member_group g
      """;

  private final JdbcClient jdbc;

  GroupRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean slugTaken(String slug) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM member_group WHERE slug = :s)")
        .param("s", slug)
        .query(Boolean.class)
        .single();
  }

  void insert(GroupId id, String slug, String nameEn, String nameAr, GroupKind kind) {
    jdbc.sql("INSERT INTO member_group (id, slug, name_en, name_ar, kind) VALUES (:id, :slug, :en, :ar, :kind)")
        .param("id", id.value())
        .param("slug", slug)
        .param("en", nameEn)
        .param("ar", nameAr)
        .param("kind", kind.code())
        .update();
  }

  List<GroupSummary> all() {
    return jdbc.sql(SUMMARY + " ORDER BY g.kind, g.slug").query(GroupRepository::map).list();
  }

  Optional<GroupSummary> bySlug(String slug) {
    return jdbc.sql(SUMMARY + " WHERE g.slug = :s").param("s", slug).query(GroupRepository::map).optional();
  }

  Optional<GroupSummary> byId(GroupId id) {
    return jdbc.sql(SUMMARY + " WHERE g.id = :id").param("id", id.value()).query(GroupRepository::map).optional();
  }

  List<GroupSummary> of(MemberId member) {
    return jdbc.sql(SUMMARY + " JOIN group_membership gm ON gm.group_id = g.id WHERE gm.member_id = :m ORDER BY g.slug")
        .param("m", member.value())
        .query(GroupRepository::map)
        .list();
  }

  List<MemberId> memberIds(GroupId group) {
    return jdbc.sql("SELECT member_id FROM group_membership WHERE group_id = :g")
        .param("g", group.value())
        .query((rs, n) -> new MemberId(rs.getObject(1, UUID.class)))
        .list();
  }

  /** Adds a membership; false when the member was in the group already. */
  boolean add(GroupId group, MemberId member) {
    return jdbc.sql(
                "INSERT INTO group_membership (group_id, member_id) VALUES (:g, :m) ON CONFLICT DO NOTHING")
            .param("g", group.value())
            .param("m", member.value())
            .update()
        == 1;
  }

  boolean remove(GroupId group, MemberId member) {
    return jdbc.sql("DELETE FROM group_membership WHERE group_id = :g AND member_id = :m")
            .param("g", group.value())
            .param("m", member.value())
            .update()
        == 1;
  }

  private static GroupSummary map(ResultSet rs, int row) throws SQLException {
    return new GroupSummary(
        new GroupId(rs.getObject("id", UUID.class)),
        rs.getString("slug"),
        rs.getString("name_en"),
        rs.getString("name_ar"),
        GroupKind.fromCode(rs.getString("kind")).orElseThrow(),
        rs.getInt("members"));
  }
}
