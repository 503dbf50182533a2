package org.commune.federation.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An actor elsewhere, as its own server describes it (type-checked field by field by {@link
 * RemoteActorDocument}): its inboxes, its display names, its one RSA key, and a move if it made one.
 */
public record RemoteActor(String id, String type, String inbox, @Nullable String sharedInbox,
    @Nullable String preferredUsername, @Nullable String name, @Nullable String url, String keyId,
    String publicKeyPem, @Nullable String movedTo, List<String> alsoKnownAs) {

  public RemoteActor {
    alsoKnownAs = List.copyOf(alsoKnownAs);
  }
}
