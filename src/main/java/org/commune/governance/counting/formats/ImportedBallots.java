package org.commune.governance.counting.formats;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commune.governance.counting.RankedBallot;

/**
 * Ranked ballots read from another tabulator's file: the options in the file's order, the ballots
 * (identical ones merged, their weight the number of voters), and the file's title when it has one.
 *
 * @param notes what the reader had to decide about the file (ties, repeated rankings), in English,
 *     printed with the count so nobody mistakes an interpretation for the file itself
 */
public record ImportedBallots(String title, List<String> options, List<RankedBallot> ballots, List<String> notes) {

  public ImportedBallots {
    options = List.copyOf(options);
    ballots = List.copyOf(ballots);
    notes = List.copyOf(notes);
  }

  /**
   * A file's text: UTF-8 (a leading byte-order mark dropped), or ISO-8859-1 when the bytes are not
   * UTF-8, as in Debian's older tally sheets; no byte is lost either way.
   */
  public static String decode(byte[] bytes) {
    refuseUtf16(bytes);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notUtf8) {
      text = new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * Refuses UTF-16 text (a UTF-16 byte-order mark, or a NUL byte among the first ones, as UTF-16 holds
   * for every Latin letter): read as UTF-8 or ISO-8859-1 it would become other names and numbers.
   */
  public static void refuseUtf16(byte[] bytes) {
    boolean bom = bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
        || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE));
    boolean nul = false;
    for (int i = 0; i < Math.min(bytes.length, 64) && !nul; i++) {
      nul = bytes[i] == 0;
    }
    if (bom || nul) {
      throw new IllegalArgumentException("the file is UTF-16 (or holds NUL bytes): UTF-16 is not supported, save it as UTF-8");
    }
  }

  /** The offset (from 0) of the first byte that does not belong to valid UTF-8, or -1 when all do. */
  public static long firstBadUtf8Byte(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        return -1;
      }
      out.clear();
    }
  }

  /** The count of a line's voters added to those before: a sum past 64 bits is refused with the line. */
  static long add(long before, long more, String where) {
    try {
      return Math.addExact(before, more);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(where + ": the number of voters adds up to more than " + Long.MAX_VALUE);
    }
  }

  /** Merges identical rankings, keeping the order in which each first appeared. */
  static List<RankedBallot> merged(List<RankedBallot> ballots) {
    Map<RankedBallot, Long> weights = new LinkedHashMap<>();
    for (RankedBallot ballot : ballots) {
      weights.merge(new RankedBallot(ballot.ranks(), 1), ballot.weight(),
          (a, b) -> add(a, b, "identical rankings " + new RankedBallot(ballot.ranks(), 1).ranksText()));
    }
    List<RankedBallot> out = new ArrayList<>();
    weights.forEach((ballot, weight) -> out.add(new RankedBallot(ballot.ranks(), weight)));
    return out;
  }

  /** Refuses two options with one name: the count could not say which one won. */
  static void requireDistinct(List<String> options, String where) {
    for (int i = 0; i < options.size(); i++) {
      int first = options.indexOf(options.get(i));
      if (first != i) {
        throw new IllegalArgumentException(where + ": option " + (i + 1) + " has the same name as option "
            + (first + 1) + " (\"" + options.get(i) + "\")");
      }
    }
  }
}
