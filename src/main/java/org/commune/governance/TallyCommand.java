package org.commune.governance;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import org.commune.governance.counting.BallotJson;
import org.commune.governance.counting.BallotSet;
import org.commune.governance.counting.Blt;
import org.commune.governance.counting.CountingMethod;
import org.commune.governance.counting.Fraction;
import org.commune.governance.counting.IrvRules;
import org.commune.governance.counting.RankedBallot;
import org.commune.governance.counting.WeightedBallot;
import org.commune.governance.counting.formats.DebianTallySheet;
import org.commune.governance.counting.formats.ImportedBallots;
import org.commune.governance.counting.formats.NistCvrFormat;
import org.commune.governance.counting.formats.PrefLibFormat;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./commune tally FILE [--method M] [--seats N] [--strength winning-votes|margins] [--seed N]
 * [--skip-overvotes] [--format preflib|nist|debian] [IRV rules]}: recounts ballots from a BLT file, a
 * Commune ballot export (JSON) or another tabulator's file (docs/counting.md) with any method and
 * prints the full count. Exit 0 on success, 2 on a usage or input error, always with one line saying
 * why and never a stack trace, whatever the file holds (docs/voting.md, "What a count refuses"). A thin command
 * line: the file becomes a {@link BallotSet}, the settings replace its own, and the set's method
 * counts it, exactly as at the vote's close.
 *
 * <p>A relative FILE is read from the directory the command was started in: the launcher changes to
 * Commune's own directory and passes the caller's in {@code COMMUNE_CALLER_DIR}.
 */
public final class TallyCommand {

  private static final ResourceBundle ENGLISH = ResourceBundle.getBundle("messages", Locale.ENGLISH);

  private TallyCommand() {}

  /**
   * The largest file {@code tally} reads (256 MiB): a count needs the whole file in memory, and a
   * larger file is refused with a message rather than ending the program without one.
   */
  static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

  public static int run(String[] args) {
    return run(args, System.getenv("COMMUNE_CALLER_DIR"), System.out, System.err);
  }

  /** {@link #run(String[])} printing the count to {@code out} and a refusal to {@code err}. */
  static int run(String[] args, @Nullable String callerDir, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].startsWith("--")) {
      return usage("no file given", err);
    }
    Path file = resolve(args[0], callerDir);
    Map<String, String> settings;
    try {
      settings = settings(args);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage(), err);
    }
    return guarded(out, err, () -> {
      byte[] bytes = read(file);
      String text = settings.containsKey("format") ? ImportedBallots.decode(bytes) : utf8(bytes, file);
      boolean blt = args[0].toLowerCase(Locale.ROOT).endsWith(".blt");
      if (!blt && !settings.containsKey("format") && text.stripLeading().startsWith("#")) {
        throw new IllegalArgumentException("this is neither a ballot export (JSON) nor a .blt file; a PrefLib file?"
            + " add --format preflib");
      }
      return tally(text, blt, settings);
    });
  }

  /** What {@link #guarded} runs: the printed count, or an exception saying why there is none. */
  @FunctionalInterface
  interface Work {
    String count() throws IOException;
  }

  /**
   * Runs the count and prints it (exit 0), or prints one line saying why not (exit 2): never a stack
   * trace, whatever the file holds, even when the count itself fails in a way no check foresaw.
   */
  static int guarded(PrintStream out, PrintStream err, Work work) {
    try {
      out.print(work.count());
      return 0;
    } catch (IllegalArgumentException e) {
      return problem(e.getMessage(), err);
    } catch (IOException e) {
      return problem("cannot read the file: " + e.getMessage(), err);
    } catch (RuntimeException e) {
      return problem("could not count this file: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage().lines().findFirst().orElse("") + ")"), err);
    } catch (OutOfMemoryError e) {
      return problem("could not count this file: it needs more memory than Commune has (" + e.getMessage() + ")", err);
    } catch (StackOverflowError e) {
      return problem("could not count this file: it is nested too deeply", err);
    }
  }

  /** The file's bytes: a missing file, a folder, a device or a file over {@link #MAX_FILE_BYTES} is refused. */
  static byte[] read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("cannot read " + file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("cannot read " + file + ": not a regular file (a folder, device or pipe)");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("cannot read " + file + ": permission denied");
    }
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("cannot read " + file + ": it holds " + size + " bytes, more than the "
          + MAX_FILE_BYTES + " a count reads");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new IllegalArgumentException("cannot read " + file + ": more than " + MAX_FILE_BYTES + " bytes");
      }
      return bytes;
    }
  }

  /** The file's text as UTF-8; UTF-16 and bytes that are not UTF-8 are refused with the byte's offset. */
  static String utf8(byte[] bytes, Path file) {
    ImportedBallots.refuseUtf16(bytes);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("cannot read " + file + ": it is not UTF-8 text (byte offset "
          + ImportedBallots.firstBadUtf8Byte(bytes) + ")");
    }
  }

  /** The file a command-line argument names: relative ones against the caller's directory, when known. */
  static Path resolve(String argument, @Nullable String callerDir) {
    Path path = Path.of(argument);
    return path.isAbsolute() || callerDir == null || callerDir.isBlank() ? path : Path.of(callerDir).resolve(path);
  }

  /** The options after the file, each checked; an option without its value or an unknown one is refused. */
  private static Map<String, String> settings(String[] args) {
    Map<String, String> settings = new TreeMap<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--method", "--seats", "--strength", "--seed", "--format", "--contest", "--ties", "--overvotes",
            "--overvote-label", "--max-skipped", "--max-rankings" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
          }
          settings.put(args[i].substring(2), args[++i]);
        }
        case "--skip-overvotes" -> settings.put("overvotes", "skip");
        case "--batch-elimination", "--until-two" -> settings.put(args[i].substring(2), "true");
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return settings;
  }

  /** The printed count of the ballots in {@code text} (BLT or Commune JSON) with the chosen settings, in English. */
  public static String tally(String text, boolean blt, Map<String, String> settings) {
    StringBuilder out = new StringBuilder();
    BallotSet set;
    if (settings.containsKey("format")) {
      ImportedBallots file = imported(text, settings);
      file.notes().forEach(note -> out.append(english("count.import.note", new Object[] {note})).append('\n'));
      set = BallotSet.of(settings.get("format").equals("nist") ? CountingMethod.IRV : CountingMethod.SCHULZE,
          file.options(), 1, 1, Fraction.HALF, 5, 0, List.copyOf(file.ballots()));
    } else if (blt) {
      Blt.Election election = Blt.parse(text);
      if (!election.title().isBlank()) {
        out.append("Election: ").append(election.title().replaceAll("\\p{Cc}|\\p{Cf}", "?")).append('\n');
      }
      set = election.ballotSet(CountingMethod.SCOTTISH_STV, 1);
    } else {
      set = BallotJson.parse(text);
    }
    // What was read, before what it gives: a recount is checked against the ballots it counted.
    out.append("Read: ").append(set.ballots().size()).append(" ballot lines, total weight ")
        .append(set.totalWeight()).append(", ").append(set.options().size()).append(" options\n");
    BallotSet counted = settings(set, settings);
    requireNoGaps(counted);
    return out.append(counted.count().print(TallyCommand::english)).toString();
  }

  /**
   * Refuses a ranked ballot whose ranks skip a number (no rank 1, or 1 and 3 without 2) unless instant
   * runoff counts it: STV would stop reading it at the gap and Schulze would read past it, so one file
   * would elect differently by method. Instant runoff reads gaps by the jurisdiction's explicit
   * skipped-rankings rule ({@code --max-skipped}).
   */
  static void requireNoGaps(BallotSet set) {
    if (set.method().reads() != WeightedBallot.BallotKind.RANKS || set.method() == CountingMethod.IRV) {
      return;
    }
    for (int b = 0; b < set.ballots().size(); b++) {
      if (set.ballots().get(b) instanceof RankedBallot ranked) {
        int gap = ranked.firstMissingRank();
        if (gap > 0) {
          throw new IllegalArgumentException("ballot " + (b + 1) + " " + ranked.ranksText() + " skips rank " + gap
              + ": " + set.method().code() + " counts ranks 1, 2, 3 ... without gaps (only irv reads skipped rankings,"
              + " by its --max-skipped rule)");
        }
      }
    }
  }

  /** Ranked ballots from another tabulator's format ({@code --format preflib|nist|debian}). */
  private static ImportedBallots imported(String text, Map<String, String> settings) {
    String format = settings.get("format");
    return switch (format) {
      case "preflib" -> PrefLibFormat.parse(text, switch (settings.getOrDefault("ties", "equal")) {
        case "equal" -> PrefLibFormat.Ties.EQUAL_RANK;
        case "refuse" -> PrefLibFormat.Ties.REFUSE;
        default -> throw new IllegalArgumentException("--ties is equal or refuse, not " + settings.get("ties"));
      });
      case "nist" -> NistCvrFormat.parse(text, settings.get("contest"), settings.get("overvote-label"));
      case "debian" -> DebianTallySheet.parse(text);
      default -> throw new IllegalArgumentException("--format is preflib, nist or debian, not " + format);
    };
  }

  /** The IRV rules named by {@code --overvotes}, {@code --max-skipped}, {@code --max-rankings}, {@code --batch-elimination}, {@code --until-two}. */
  static IrvRules irvRules(IrvRules base, Map<String, String> settings) {
    IrvRules rules = base;
    if (settings.containsKey("overvotes")) {
      rules = rules.overvotes(switch (settings.get("overvotes")) {
        case "exhaust-immediately" -> IrvRules.OvervoteRule.EXHAUST_IMMEDIATELY;
        case "exhaust-if-multiple-continuing" -> IrvRules.OvervoteRule.EXHAUST_IF_MULTIPLE_CONTINUING;
        case "skip" -> IrvRules.OvervoteRule.SKIP_TO_NEXT;
        default -> throw new IllegalArgumentException("--overvotes is exhaust-immediately, exhaust-if-multiple-continuing"
            + " or skip, not " + settings.get("overvotes"));
      });
    }
    if (settings.containsKey("max-skipped")) {
      rules = rules.skippedRankings(count(settings, "max-skipped", 0));
    }
    if (settings.containsKey("max-rankings")) {
      rules = rules.rankings(count(settings, "max-rankings", 1));
    }
    return rules.batch(rules.batchElimination() || settings.containsKey("batch-elimination"))
        .untilTwo(rules.continueUntilTwo() || settings.containsKey("until-two"));
  }

  private static int count(Map<String, String> settings, String name, int least) {
    String value = settings.get(name);
    if (!value.matches("\\d{1,6}") || Integer.parseInt(value) < least) {
      throw new IllegalArgumentException("--" + name + " must be a whole number from " + least + ", not " + value);
    }
    return Integer.parseInt(value);
  }

  /** The ballot set in {@code text}, with the command line's settings in place of the file's own. */
  static BallotSet ballots(String text, boolean blt, Map<String, String> settings) {
    return settings(blt ? Blt.parse(text).ballotSet(CountingMethod.SCOTTISH_STV, 1) : BallotJson.parse(text), settings);
  }

  private static BallotSet settings(BallotSet given, Map<String, String> settings) {
    BallotSet set = given;
    if (settings.containsKey("method")) {
      set = set.withMethod(CountingMethod.of(settings.get("method")));
    }
    if (settings.containsKey("seats")) {
      set = set.withSeats((int) whole(settings.get("seats"), "--seats", 1, Integer.MAX_VALUE));
    }
    if (settings.containsKey("seed")) {
      set = set.withSeed(whole(settings.get("seed"), "--seed", Long.MIN_VALUE, Long.MAX_VALUE));
    }
    if (settings.containsKey("strength")) {
      set = set.withStrength(BallotJson.strength(settings.get("strength")));
    }
    // IRV's rules counted under another method would be ignored without a word (newcomer review):
    // a clerk who forgot --method irv gets told instead.
    List<String> irvOnly = IRV_OPTIONS.stream().filter(settings::containsKey).map(o -> "--" + o).toList();
    if (!irvOnly.isEmpty() && set.method() != CountingMethod.IRV) {
      throw new IllegalArgumentException(String.join(", ", irvOnly) + " are rules of instant-runoff voting, but this"
          + " count uses " + set.method().code() + ": add --method irv, or leave them out");
    }
    return set.withIrvRules(irvRules(set.irvRules(), settings));
  }

  private static final List<String> IRV_OPTIONS =
      List.of("overvotes", "max-skipped", "max-rankings", "batch-elimination", "until-two");

  private static long whole(String text, String option, long min, long max) {
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Refused below, with the option's name.
    }
    throw new IllegalArgumentException(option + " takes a whole number from " + min + " to " + max + ", not \"" + text + "\"");
  }

  static String english(String key, Object[] args) {
    return new MessageFormat(ENGLISH.getString(key), Locale.ENGLISH).format(args);
  }

  /** A problem in the file: its message alone (the usage line is for mistakes on the command line). */
  private static int problem(String problem, PrintStream err) {
    err.println("tally: " + problem);
    return 2;
  }

  private static int usage(String problem, PrintStream err) {
    err.println("tally: " + problem);
    err.println("Usage: commune tally <file.blt|export.json> [--method " + String.join("|", CountingMethod.codes())
        + "] [--seats N] [--strength winning-votes|margins] [--seed N] [--format preflib|nist|debian]"
        + " [--contest NAME] [--overvote-label NAME] [--ties equal|refuse]"
        + " [--overvotes exhaust-immediately|exhaust-if-multiple-continuing|skip] [--skip-overvotes]"
        + " [--max-skipped N] [--max-rankings N] [--batch-elimination] [--until-two]");
    return 2;
  }
}
