package org.commune.federation.protocol;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Note or Article an ally published, as Commune keeps it: {@code content} and each of {@code contentMap}'s
 * values are HTML already sanitized (text, paragraphs, plain links; no scripts, styles or remote images).
 */
public record AllyPost(String objectId, String actor, String type, @Nullable String name, String content,
    Map<String, String> contentMap, @Nullable String url, Instant published) {

  /** A post with the name and handle of the ally who published it. */
  public record Shown(AllyPost post, @Nullable String actorName, @Nullable String actorHandle) {

    /** Where the original is: its url when it gives one, else its id. */
    public String link() {
      return post.url() != null ? post.url() : post.objectId();
    }
  }
}
