package org.commune.federation.delivery.web;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.commune.federation.delivery.DeliveryRepository;
import org.jspecify.annotations.Nullable;

/** The stewards' deliveries page: recent activities, failing inboxes, and a notice or an error (message keys). */
public record DeliveriesPage(List<Sent> activities, List<DeliveryRepository.InboxHealth> inboxes,
    @Nullable String notice, @Nullable String error) {

  /** The activity types Commune sends, each with its own message key; anything else reads "other". */
  private static final Set<String> TYPES = Set.of("Create", "Update", "Delete", "Accept", "Reject", "Follow", "Undo", "Move");

  /**
   * One activity as the page says it: its type and what it concerns (message keys), a link to our own page
   * it is about (null when it is about nothing of ours) and the object's name (an article's title) if any.
   */
  public record Sent(DeliveryRepository.ActivityCounts counts, String typeKey, String aboutKey, @Nullable String link,
      @Nullable String title) {

    /** Reads what an activity concerns from its type and its object's id under this Commune's {@code base}. */
    static Sent of(DeliveryRepository.ActivityCounts a, String base) {
      String typeKey = "federation.deliveries.type." + (TYPES.contains(a.type()) ? a.type() : "other");
      String object = a.objectId() == null ? "" : a.objectId();
      String path = object.startsWith(base + "/") ? object.substring(base.length()) : null;
      String about;
      if (a.type().equals("Accept") || a.type().equals("Reject")) {
        about = "follow-reply";
      } else if (a.type().equals("Follow") || a.type().equals("Undo") || a.type().equals("Move")) {
        about = a.type().toLowerCase(Locale.ROOT);
      } else if (path != null && path.startsWith("/articles/")) {
        about = "article";
      } else if (path != null && path.startsWith("/announcements/")) {
        about = "announcement";
      } else if (path != null && path.startsWith("/notes/")) {
        about = "vote";
      } else {
        about = "other";
      }
      // Only our own public pages are linked: a remote id is shown to nobody as a link it did not choose.
      boolean linked = about.equals("article") || about.equals("announcement");
      return new Sent(a, typeKey, "federation.deliveries.about." + about, linked ? path : null,
          about.equals("article") ? a.objectName() : null);
    }
  }
}
