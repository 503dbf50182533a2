package org.commune.ai;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The prompt templates: versioned files in the repository ({@code src/main/resources/prompts}),
 * readable by anyone at /ai/prompts. No prompt exists anywhere else.
 *
 * <p>A file starts with {@code version: N}, then a {@code ---} line, the system prompt, another
 * {@code ---} line and the user prompt. {@code {{name}}} marks where values go; member and external
 * text only ever goes inside a data block whose boundary is random per call (see {@link #dataBlock}).
 */
@Component
public class PromptTemplates {

  public static final List<String> NAMES = List.of("translate", "summarise", "draft");

  /** A template: its name, version, and the two prompts. */
  public record Template(String name, int version, String system, String user, String source) {

    /** The user prompt with its values filled in. */
    public String fill(Map<String, String> values) {
      String out = user;
      for (var entry : values.entrySet()) {
        out = out.replace("{{" + entry.getKey() + "}}", entry.getValue());
      }
      return out;
    }
  }

  public Template get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("no prompt template " + name));
  }

  /** Loaded once: they are files in the application, they cannot change while it runs. */
  private final Map<String, Optional<Template>> loaded = new ConcurrentHashMap<>();

  public Optional<Template> find(String name) {
    if (!NAMES.contains(name)) {
      return Optional.empty();
    }
    return loaded.computeIfAbsent(name, PromptTemplates::load);
  }

  private static Optional<Template> load(String name) {
    try (InputStream in = PromptTemplates.class.getResourceAsStream("/prompts/" + name + ".txt")) {
      if (in == null) {
        return Optional.empty();
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String[] parts = text.split("(?m)^---\\s*$", 3);
      int version = Integer.parseInt(parts[0].strip().replace("version:", "").strip());
      return Optional.of(new Template(name, version, parts[1].strip(), parts[2].strip(), text));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Member or external text as a data block. The boundary carries a random nonce, so the text cannot
   * close the block and continue as instructions; the system prompt says the block is data only.
   */
  static String dataBlock(String nonce, String text) {
    return "<<<DATA " + nonce + ">>>\n" + text.replace("<<<", "‹‹‹").replace(">>>", "›››") + "\n<<<END DATA " + nonce + ">>>";
  }
}
