package org.commune.governance.counting.formats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commune.governance.counting.BallotJson;
import org.commune.governance.counting.BallotSet;
import org.commune.governance.counting.RankedBallot;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a cast vote record report in the NIST common data format (SP 1500-103, JSON), as voting
 * systems and RCTab write it: {@code Election[].Candidate[]} and {@code Election[].Contest[]} (each
 * with its {@code ContestSelection[]} pointing at {@code CandidateIds}), then {@code CVR[]}, each with
 * {@code CVRSnapshot[]} (the one named by {@code CurrentSnapshotId}) holding {@code CVRContest[]} with
 * {@code CVRContestSelection[]} and their {@code SelectionPosition[]} ({@code Rank}).
 *
 * <p>Read as RCTab reads it: a position with {@code HasIndication: "no"} or {@code IsAllocable: "no"}
 * is not a mark; a write-in selection counts for one option "Write-in"; a record without the contest
 * is left out. Two options at one rank stay an overvote for the count's rule; an option marked at
 * several ranks keeps its best one (the later marks are noted). Errors name their JSON path.
 */
public final class NistCvrFormat {

  static final String WRITE_IN = "Write-in";
  /** Strict: a key given twice in one object is refused, not silently replaced by the later one. */
  /** Its own mapper: a key given twice (a second "CVR") is refused, not silently taken as the last. */
  private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final int OVERVOTE_MARK = -1;

  private NistCvrFormat() {}

  /** The ballots for {@code contest} (its name or {@code @id}); null takes the file's only contest. */
  public static ImportedBallots parse(String json, @Nullable String contest) {
    return parse(json, contest, null);
  }

  /**
   * As {@link #parse(String, String)}, with a candidate name that voting systems use to mark an
   * overvote explicitly (ES&S exports and RCTab's conversions write "overvote"). Such a mark at rank r
   * is kept as an overvote: every option the ballot ranks nowhere else shares rank r, so the count's
   * overvote rule applies there (exhaust, or skip to the next ranking).
   */
  public static ImportedBallots parse(String json, @Nullable String contest, @Nullable String overvoteLabel) {
    BallotJson.requireShallow(json);
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      throw new IllegalArgumentException("not JSON" + (at == null ? "" : ": line " + at.getLineNr() + ", column "
          + at.getColumnNr()) + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("$: expected an object with \"Election\" and \"CVR\"");
    }
    Map<String, String> candidates = new HashMap<>();
    JsonNode chosen = null;
    List<String> contests = new ArrayList<>();
    JsonNode elections = array(root, "Election", "$");
    for (int e = 0; e < elections.size(); e++) {
      String at = "$.Election[" + e + "]";
      JsonNode election = object(elections.get(e), at);
      JsonNode people = optionalArray(election, "Candidate", at);
      for (int c = 0; c < people.size(); c++) {
        String where = at + ".Candidate[" + c + "]";
        JsonNode person = object(people.get(c), where);
        if (candidates.put(text(person, "@id", where), text(person, "Name", where)) != null) {
          throw new IllegalArgumentException(where + ".@id: \"" + person.get("@id").asString() + "\" is used twice");
        }
      }
      JsonNode list = array(election, "Contest", at);
      for (int c = 0; c < list.size(); c++) {
        String where = at + ".Contest[" + c + "]";
        JsonNode one = object(list.get(c), where);
        String name = one.has("Name") ? text(one, "Name", where) : "";
        String id = text(one, "@id", where);
        contests.add(name.isEmpty() ? id : name);
        if (contest == null ? list.size() == 1 && elections.size() == 1 : contest.equals(name) || contest.equals(id)) {
          if (chosen != null) {
            throw new IllegalArgumentException(where + ": a second contest matches \"" + contest
                + "\": name it by its @id");
          }
          chosen = one;
        }
      }
    }
    if (chosen == null) {
      throw new IllegalArgumentException(contest == null
          ? "the file has " + contests.size() + " contests (" + String.join(", ", contests) + "): name one with --contest"
          : "no contest \"" + contest + "\" in the file (it has " + String.join(", ", contests) + ")");
    }
    String contestId = chosen.get("@id").asString();
    List<String> options = new ArrayList<>();
    Map<String, Integer> optionOfSelection = new HashMap<>();
    JsonNode selections = array(chosen, "ContestSelection", "contest " + contestId);
    for (int s = 0; s < selections.size(); s++) {
      String where = "contest " + contestId + ".ContestSelection[" + s + "]";
      JsonNode selection = object(selections.get(s), where);
      String id = text(selection, "@id", where);
      if (optionOfSelection.containsKey(id)) {
        throw new IllegalArgumentException(where + ".@id: \"" + id + "\" is used twice");
      }
      String name;
      if ("true".equals(selection.path("IsWriteIn").asString(""))) {
        name = WRITE_IN;
      } else {
        JsonNode ids = array(selection, "CandidateIds", where);
        if (ids.isEmpty()) {
          throw new IllegalArgumentException(where + ".CandidateIds: empty");
        }
        name = candidates.get(ids.get(0).isString() ? ids.get(0).asString() : ids.get(0).toString());
        if (name == null) {
          throw new IllegalArgumentException(where + ".CandidateIds[0]: no candidate \"" + ids.get(0).asString() + "\"");
        }
      }
      if (name.equals(overvoteLabel)) {
        optionOfSelection.put(id, OVERVOTE_MARK);
        continue;
      }
      int index = options.indexOf(name);
      if (index < 0 || !name.equals(WRITE_IN)) {
        options.add(name);
        index = options.size() - 1;
      }
      optionOfSelection.put(id, index);
    }
    ImportedBallots.requireDistinct(options, "contest " + contestId);
    BallotSet.requireFewOptions(options.size(), "contest " + contestId);
    List<RankedBallot> ballots = new ArrayList<>();
    long repeated = 0;
    long explicitOvervotes = 0;
    JsonNode records = array(root, "CVR", "$");
    for (int r = 0; r < records.size(); r++) {
      String at = "$.CVR[" + r + "]";
      JsonNode cvr = object(records.get(r), at);
      int current = currentSnapshot(cvr, at);
      String snapshotAt = at + ".CVRSnapshot[" + current + "]";
      JsonNode cvrContests = optionalArray(cvr.get("CVRSnapshot").get(current), "CVRContest", snapshotAt);
      JsonNode mine = null;
      String mineAt = "";
      for (int c = 0; c < cvrContests.size(); c++) {
        JsonNode cvrContest = object(cvrContests.get(c), snapshotAt + ".CVRContest[" + c + "]");
        if (contestId.equals(cvrContest.path("ContestId").asString(""))) {
          mine = cvrContest;
          mineAt = at + ".CVRSnapshot[" + current + "].CVRContest[" + c + "]";
        }
      }
      if (mine == null) {
        continue;
      }
      int[] ranks = new int[options.size()];
      int overvotedAt = 0;
      JsonNode marks = optionalArray(mine, "CVRContestSelection", mineAt);
      for (int m = 0; m < marks.size(); m++) {
        String where = mineAt + ".CVRContestSelection[" + m + "]";
        JsonNode mark = object(marks.get(m), where);
        String selection = text(mark, "ContestSelectionId", where);
        Integer option = optionOfSelection.get(selection);
        if (option == null) {
          throw new IllegalArgumentException(where + ".ContestSelectionId: \"" + selection
              + "\" is not a selection of contest " + contestId);
        }
        List<Integer> found = new ArrayList<>();
        if (mark.has("Rank")) {
          found.add(rank(mark.get("Rank"), where + ".Rank"));
        } else {
          JsonNode positions = optionalArray(mark, "SelectionPosition", where);
          for (int p = 0; p < positions.size(); p++) {
            JsonNode position = object(positions.get(p), where + ".SelectionPosition[" + p + "]");
            if ("no".equals(position.path("HasIndication").asString("")) || "no".equals(position.path("IsAllocable").asString(""))) {
              continue;
            }
            found.add(rank(position.get("Rank"), where + ".SelectionPosition[" + p + "].Rank"));
          }
        }
        for (int rank : found) {
          if (option == OVERVOTE_MARK) {
            overvotedAt = overvotedAt == 0 ? rank : Math.min(overvotedAt, rank);
            continue;
          }
          if (ranks[option] == 0 || rank < ranks[option]) {
            if (ranks[option] != 0) {
              repeated++;
            }
            ranks[option] = rank;
          } else {
            repeated++;
          }
        }
      }
      if (overvotedAt > 0) {
        explicitOvervotes++;
        if (Arrays.stream(ranks).filter(rank -> rank == 0).count() < 2) {
          throw new IllegalArgumentException(mineAt + ": the explicit overvote at rank " + overvotedAt
              + " cannot be kept as an overvote: the record ranks all options but one elsewhere");
        }
        for (int o = 0; o < ranks.length; o++) {
          if (ranks[o] == 0) {
            ranks[o] = overvotedAt;
          }
        }
      }
      ballots.add(new RankedBallot(ranks, 1));
    }
    List<String> notes = new ArrayList<>();
    notes.add("NIST cast vote records, contest " + contestId + ": " + ballots.size() + " records");
    if (explicitOvervotes > 0) {
      notes.add(explicitOvervotes + " records with an explicit overvote mark (\"" + overvoteLabel
          + "\"): every option they rank nowhere else shares that rank");
    }
    if (repeated > 0) {
      notes.add(repeated + " repeated rankings of one option: its best rank kept");
    }
    String title = chosen.path("Name").asString(contestId);
    return new ImportedBallots(title, options, ImportedBallots.merged(ballots), notes);
  }

  /** The index of the record's current snapshot (the first when it names none). */
  private static int currentSnapshot(JsonNode cvr, String at) {
    JsonNode snapshots = array(cvr, "CVRSnapshot", at);
    String current = cvr.path("CurrentSnapshotId").asString("");
    for (int s = 0; s < snapshots.size(); s++) {
      JsonNode snapshot = snapshots.get(s);
      if (!snapshot.isObject()) {
        throw new IllegalArgumentException(at + ".CVRSnapshot[" + s + "]: expected an object, found " + brief(snapshot));
      }
      if (current.isEmpty() || current.equals(snapshot.path("@id").asString(""))) {
        return s;
      }
    }
    throw new IllegalArgumentException(at + ".CurrentSnapshotId: no snapshot \"" + current + "\"");
  }

  private static int rank(@Nullable JsonNode node, String where) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
      throw new IllegalArgumentException(where + ": expected a whole number 1 or more, found "
          + (node == null ? "nothing" : node.toString()));
    }
    return node.asInt();
  }

  /** {@code node} when it is an object; anything else is refused with its path. */
  private static JsonNode object(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": expected an object, found " + brief(node));
    }
    return node;
  }

  /** The array in {@code field}, or an empty one when the field is absent; any other value is refused. */
  private static JsonNode optionalArray(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? JSON.createArrayNode() : array(node, field, where);
  }

  private static String brief(JsonNode node) {
    String text = node.toString();
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  private static JsonNode array(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new IllegalArgumentException(where + "." + field + ": expected an array");
    }
    return value;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new IllegalArgumentException(where + "." + field + ": expected a string");
    }
    return value.asString();
  }
}
