package org.commune.federation.http;

import java.time.Instant;
import java.util.Optional;

/**
 * Where fetched actors are kept between fetches ({@link RemoteActorRepository} in the application; a
 * seam so that the fetching rules can be tested against real HTTP servers without a database).
 */
interface RemoteActorCache {

  record Cached(RemoteActor actor, Instant fetchedAt) {}

  Optional<Cached> find(String actorId);

  Optional<Cached> findByKeyId(String keyId);

  void put(RemoteActor actor, Instant fetchedAt);
}
