package org.commune.governance;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import org.commune.governance.counting.BallotJson;
import org.commune.governance.counting.BallotSet;
import org.commune.governance.counting.Blt;
import org.commune.governance.counting.CountingMethod;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./commune tally FILE [--method M] [--seats N] [--strength winning-votes|margins] [--seed N]
 * [--skip-overvotes]}: recounts ballots from a BLT file or a Commune ballot export (JSON) with any
 * method and prints the full count. Exit 0 on success, 2 on a usage or input error. A thin command
 * line: the file becomes a {@link BallotSet}, the settings replace its own, and the set's method
 * counts it, exactly as at the vote's close.
 *
 * <p>A relative FILE is read from the directory the command was started in: the launcher changes to
 * Commune's own directory and passes the caller's in {@code COMMUNE_CALLER_DIR}.
 */
public final class TallyCommand {

  private static final ResourceBundle ENGLISH = ResourceBundle.getBundle("messages", Locale.ENGLISH);

  private TallyCommand() {}

  public static int run(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      return usage("no file given");
    }
    Path file = resolve(args[0], System.getenv("COMMUNE_CALLER_DIR"));
    try {
      Map<String, String> settings = settings(args);
      String text = Files.readString(file, StandardCharsets.UTF_8);
      System.out.print(tally(text, args[0].toLowerCase(Locale.ROOT).endsWith(".blt"), settings));
      return 0;
    } catch (CharacterCodingException e) {
      return usage("cannot read " + file + ": it is not UTF-8 text");
    } catch (IOException e) {
      return usage("cannot read " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
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
        case "--method", "--seats", "--strength", "--seed" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
          }
          settings.put(args[i].substring(2), args[++i]);
        }
        case "--skip-overvotes" -> settings.put("skip-overvotes", "true");
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return settings;
  }

  /** The printed count of the ballots in {@code text} (BLT or Commune JSON) with the chosen settings, in English. */
  public static String tally(String text, boolean blt, Map<String, String> settings) {
    return ballots(text, blt, settings).count().print(TallyCommand::english);
  }

  /** The ballot set in {@code text}, with the command line's settings in place of the file's own. */
  static BallotSet ballots(String text, boolean blt, Map<String, String> settings) {
    BallotSet set = blt ? Blt.parse(text).ballotSet(CountingMethod.SCOTTISH_STV, 1) : BallotJson.parse(text);
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
    if (settings.containsKey("skip-overvotes")) {
      set = set.withSkipOvervotes(true);
    }
    return set;
  }

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

  private static int usage(String problem) {
    System.err.println("tally: " + problem);
    System.err.println("Usage: commune tally <file.blt|export.json> [--method " + String.join("|", CountingMethod.codes())
        + "] [--seats N] [--strength winning-votes|margins] [--seed N] [--skip-overvotes]");
    return 2;
  }
}
