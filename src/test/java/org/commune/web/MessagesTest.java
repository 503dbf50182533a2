package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commune.governance.GovernanceRecorded;
import org.commune.members.GroupKind;
import org.commune.members.Role;
import org.commune.transparency.PublicFact;
import org.commune.transparency.PublicFactSamples;
import org.junit.jupiter.api.Test;

/** Arabic and English are complete, and no page carries text that is not a message key. */
class MessagesTest {

  private static final Path TEMPLATES = Path.of("src/main/jte");
  private static final Path SOURCES = Path.of("src/main/java");

  /** Both bundles have exactly the same keys, none of them empty. */
  @Test
  void bothLanguagesHaveEveryKey() throws IOException {
    Properties en = bundle("en");
    Properties ar = bundle("ar");
    assertThat(ar.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    assertThat(en.stringPropertyNames()).allSatisfy(k -> assertThat(en.getProperty(k)).as(k).isNotBlank());
    assertThat(ar.stringPropertyNames()).allSatisfy(k -> assertThat(ar.getProperty(k)).as(k).isNotBlank());
  }

  /** Arabic texts are in Arabic: each contains Arabic letters (names of languages and punctuation aside). */
  @Test
  void arabicTextsAreArabic() throws IOException {
    Properties ar = bundle("ar");
    Pattern arabic = Pattern.compile("\\p{IsArabic}");
    List<String> notArabic = new ArrayList<>();
    for (String key : ar.stringPropertyNames()) {
      boolean exempt = key.equals("language.switch.en") || key.equals("list.separator") && ar.getProperty(key).contains("\u060C");
      if (!exempt && !arabic.matcher(ar.getProperty(key)).find()) {
        notArabic.add(key);
      }
    }
    assertThat(notArabic).isEmpty();
  }

  /** Every key a template or the code names literally exists. */
  @Test
  void everyKeyUsedExists() throws IOException {
    Set<String> keys = bundle("en").stringPropertyNames();
    Set<String> used = new TreeSet<>();
    collect(TEMPLATES, Pattern.compile("\\.get\\(\"([a-z0-9.-]+)\""), used);
    collect(SOURCES, Pattern.compile("InvalidInput\\.of\\(\"\\w+\",\\s*\"([a-z0-9.-]+)\"\\)"), used);
    collect(SOURCES, Pattern.compile("problem\\(\\w+,\\s*\"([a-z0-9.-]+)\"\\)"), used);
    collect(SOURCES, Pattern.compile("problem\\(\"\\w+\",\\s*\"([a-z0-9.-]+)\"\\)"), used);
    collect(SOURCES, Pattern.compile("new NoticePage\\(\\s*\"([a-z0-9.-]+)\""), used);
    collect(SOURCES, Pattern.compile("new NoticePage\\(\\s*\"[a-z0-9.-]+\",\\s*\"([a-z0-9.-]+)\""), used);
    collect(SOURCES, Pattern.compile("notice = \"([a-z0-9.-]+)\""), used);
    collect(SOURCES, Pattern.compile("new ErrorPage\\(\\d+, \"([a-z0-9.-]+)\", \"[a-z0-9.-]+\"\\)"), used);
    collect(SOURCES, Pattern.compile("\"(mail\\.[a-z.-]+)\""), used);
    for (Role role : Role.values()) {
      used.add("role." + role.code());
    }
    for (GroupKind kind : GroupKind.values()) {
      used.add("groups.kind." + kind.code());
    }
    // Every typed public fact's entry type and keys (free-form ones, GovernanceRecorded, name their own).
    for (PublicFact fact : PublicFactSamples.withText("sample")) {
      if (!(fact instanceof GovernanceRecorded)) {
        used.add("log.type." + fact.entryType());
        fact.facts().keySet().forEach(key -> used.add("log.field." + key));
      }
    }
    for (int status : new int[] {400, 401, 403, 404, 405, 409, 413, 415, 429, 503, 500}) {
      used.add("error." + status + ".title");
      used.add("error." + status + ".message");
    }
    // Prefixes completed at run time ("role." + code) are covered by the enumerations above.
    used.removeIf(key -> key.endsWith("."));
    assertThat(used).hasSizeGreaterThan(100);
    assertThat(keys).containsAll(used);
  }

  /** Templates contain no literal words: every text a person reads comes from the bundles. */
  @Test
  void templatesHaveNoLiteralText() throws IOException {
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jte")).toList()) {
        String text = Files.readString(file);
        String stripped = stripCode(text);
        Matcher attributes = Pattern.compile("(?:title|alt|placeholder|aria-label|label)=\"([^\"]*)\"").matcher(stripped);
        while (attributes.find()) {
          if (attributes.group(1).matches(".*\\p{L}.*")) {
            offences.add(file + ": attribute text \"" + attributes.group(1) + "\"");
          }
        }
        String visible = stripped.replaceAll("(?s)<[^>]*>", " ");
        Matcher words = Pattern.compile("\\p{L}[\\p{L}'’-]*").matcher(visible);
        while (words.find()) {
          offences.add(file + ": literal text \"" + words.group() + "\"");
        }
      }
    }
    assertThat(offences).isEmpty();
  }

  /** The literal-text check catches literal text, also inside content blocks (so it can fail). */
  @Test
  void literalTextCheckCanFail() {
    String template =
        "@param Shell shell\n@template.layout.page(shell = shell, title = \"t\", content = @`\n"
            + "<p>Hello ${shell.t().get(\"x\")}</p>\n@if(shell.signedIn())<b>World</b>@endif`)";
    String visible = stripCode(template).replaceAll("(?s)<[^>]*>", " ");
    assertThat(visible).contains("Hello").contains("World").doesNotContain("shell").doesNotContain("layout");
  }

  /** Removes jte code: directives, expressions and template calls, keeping the surrounding HTML. */
  static String stripCode(String template) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      if (template.startsWith("<%--", i)) {
        i = template.indexOf("--%>", i) + 4;
      } else if (template.startsWith("${", i) || template.startsWith("!{", i) || template.startsWith("$unsafe{", i)) {
        i = skipBalanced(template, template.indexOf('{', i), '{', '}');
      } else if (template.charAt(i) == '@' && i + 1 < template.length() && Character.isLetter(template.charAt(i + 1))) {
        int j = i + 1;
        while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '.' || template.charAt(j) == '-')) {
          j++;
        }
        String directive = template.substring(i + 1, j);
        if (directive.equals("param") || directive.equals("import")) {
          int end = template.indexOf('\n', j);
          i = end < 0 ? template.length() : end;
        } else if (j < template.length() && template.charAt(j) == '(') {
          int end = skipBalanced(template, j, '(', ')');
          // Content blocks passed to a template (@`...`) are page HTML: check them too.
          Matcher blocks = Pattern.compile("(?s)@`(.*?)`").matcher(template.substring(j, end));
          while (blocks.find()) {
            out.append(stripCode(blocks.group(1)));
          }
          i = end;
        } else {
          i = j;
        }
      } else {
        out.append(template.charAt(i));
        i++;
      }
    }
    return out.toString();
  }

  private static int skipBalanced(String text, int open, char opening, char closing) {
    int depth = 0;
    boolean inString = false;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '`') {
        // A content block inside a call: its HTML is checked on its own, so keep scanning it.
        int end = text.indexOf('`', i + 1);
        i = end;
      } else if (c == opening) {
        depth++;
      } else if (c == closing && --depth == 0) {
        return i + 1;
      }
    }
    return text.length();
  }

  private static Properties bundle(String lang) throws IOException {
    Properties properties = new Properties();
    try (var in = MessagesTest.class.getResourceAsStream("/messages_" + lang + ".properties")) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }

  private static void collect(Path root, Pattern pattern, Set<String> into) throws IOException {
    collect(root, pattern, into, "");
  }

  private static void collect(Path root, Pattern pattern, Set<String> into, String prefix) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Matcher matcher = pattern.matcher(Files.readString(file));
        while (matcher.find()) {
          into.add(prefix + matcher.group(1));
        }
      }
    }
  }
}
