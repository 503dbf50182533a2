package org.commune.assembly;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.members.MemberId;
import org.commune.members.PersonalDataHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The assembly module's part of the data download and of deleting an account: the meetings a member
 * attended (and who recorded it), the meetings they called, the minutes and quick votes they handled.
 */
@Repository
class AssemblyPersonalDataRepository implements PersonalDataHolder {

  private final JdbcClient jdbc;

  AssemblyPersonalDataRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String section() {
    return "assembly";
  }

  @Override
  public Set<String> tables() {
    return Set.of("meeting", "meeting_attendance", "meeting_vote");
  }

  @Override
  public Object export(MemberId member) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("attended", rows("""
        SELECT a.meeting_id, m.title, m.starts_at, a.recorded_at, a.recorded_by = :m AS marked_by_you
        FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id WHERE a.member_id = :m ORDER BY m.starts_at
        """, member));
    data.put("attendance_recorded_for_others", rows("""
        SELECT meeting_id, recorded_at FROM meeting_attendance WHERE recorded_by = :m AND member_id <> :m
        ORDER BY recorded_at
        """, member));
    data.put("meetings_called", rows(
        "SELECT id, title, starts_at, created_at FROM meeting WHERE created_by = :m ORDER BY created_at", member));
    data.put("minutes_written", rows("""
        SELECT id, title, minutes_saved_at, minutes_published_at FROM meeting WHERE minutes_by = :m
        ORDER BY minutes_saved_at
        """, member));
    data.put("quick_votes_started", rows(
        "SELECT vote_id, meeting_id, started_at FROM meeting_vote WHERE started_by = :m ORDER BY started_at", member));
    return data;
  }

  /**
   * Attendance is removed (closed meetings keep their frozen counts, which the public log holds); who
   * recorded others' attendance is forgotten. Meetings called, minutes and quick votes are the
   * organisation's record: they stay, credited to a deleted member, as published articles do.
   */
  @Override
  public void erase(MemberId member) {
    jdbc.sql("DELETE FROM meeting_attendance WHERE member_id = :m").param("m", member.value()).update();
    jdbc.sql("UPDATE meeting_attendance SET recorded_by = NULL WHERE recorded_by = :m").param("m", member.value())
        .update();
  }

  private List<Map<String, Object>> rows(String sql, MemberId member) {
    return PersonalDataHolder.plain(jdbc.sql(sql).param("m", member.value()).query().listOfRows());
  }
}
