package org.commune.federation.protocol.web;

import java.util.List;
import org.commune.federation.protocol.Allies;
import org.commune.federation.protocol.AllyPost;
import org.commune.federation.protocol.BlockedDomains;
import org.commune.federation.protocol.Followers;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/** The protocol's page records, one per template. */
public final class FederationPages {

  private FederationPages() {}

  /** The organisation's profile for people: the handle to follow, counts, where it moved (if it did). */
  public record ActorPage(String handle, String actorUrl, long followers, long following, boolean manual,
      @Nullable String movedTo, String logKeyFingerprint, String actorKeyFingerprint) {}

  /** The public list of blocked domains. */
  public record BlockedPage(List<BlockedDomains.Blocked> blocked) {}

  /** What allies publish, newest first, a page at a time. */
  public record AlliesPage(List<AllyPost.Shown> posts, int page, boolean more) {}

  /**
   * Stewards' followers page: one state's followers, a page at a time, and the approval choice; {@code error}
   * (a message key) when a removal came without its confirmation.
   */
  public record FollowersAdmin(Followers.Listing listing, String state, @Nullable String error) {}

  /** Stewards' blocked domains page: the list and the form to add one. */
  public record BlockedAdmin(List<BlockedDomains.Blocked> blocked, List<String> reasons, Form form,
      @Nullable String notice) {}

  /** Stewards' following page: the allies followed and the form to follow one more. */
  public record FollowingAdmin(List<Allies.Ally> allies, String handle, Form form, @Nullable String notice) {}
}
