package org.commune.search;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A module's searchable things. One bean per kind; the index asks for {@link #all()} when it is rebuilt
 * (at start) and for {@link #documents(String)} when a {@link SearchableChanged} names one of its ids.
 * Only what a page shows belongs here: never ballots, never hidden or withdrawn text.
 */
public interface SearchSource {

  /** The kind this source answers for, e.g. "proposal". */
  String kind();

  /** Every document of this kind, for a rebuild. */
  List<SearchDocument> all();

  /** The documents of one entity as they are now; empty when it is gone or must no longer be found. */
  List<SearchDocument> documents(String id);

  /** The id an event named, if it is a UUID (the ids all sources use); anything else names nothing. */
  static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
  }
}
