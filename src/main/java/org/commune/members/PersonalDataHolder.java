package org.commune.members;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The personal-data contract: every module that keeps data about members has one bean implementing
 * this. The data download collects every holder's {@link #export}; deleting an account calls every
 * holder's {@link #erase} in the same transaction. Each holder names the tables it answers for, and
 * a test fails when a table that refers to members is claimed by none (so a new table cannot be
 * forgotten in the download).
 */
public interface PersonalDataHolder {

  /** The name of this holder's part of the download (e.g. "governance"). */
  String section();

  /** The tables whose rows about members this holder exports and erases. */
  Set<String> tables();

  /** Everything this module holds about the member, as plain JSON-ready maps and lists. */
  Object export(MemberId member);

  /**
   * Removes or anonymises what this module holds about the member, as the module's promises allow:
   * what was published or counted may stay without a name; secret ballots stay unlinkable.
   */
  void erase(MemberId member);

  /** Rows as JSON-ready maps: times as ISO-8601 text, ids as text. */
  static List<Map<String, Object>> plain(List<Map<String, Object>> rows) {
    return rows.stream().map(row -> {
      Map<String, Object> out = new LinkedHashMap<>();
      row.forEach((key, value) -> out.put(key, switch (value) {
        case null -> null;
        case Timestamp t -> t.toInstant().toString();
        case UUID u -> u.toString();
        case OffsetDateTime t -> t.toInstant().toString();
        default -> value;
      }));
      return out;
    }).toList();
  }
}
