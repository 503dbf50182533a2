package org.commune.publishing;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A short public text in one language; {@code withdrawnAt} is set once it was withdrawn (its text is gone). */
public record Announcement(UUID id, String language, String body, Instant publishedAt, @Nullable Instant withdrawnAt) {

  public boolean withdrawn() {
    return withdrawnAt != null;
  }

  public String dir() {
    return "ar".equals(language) ? "rtl" : "ltr";
  }
}
