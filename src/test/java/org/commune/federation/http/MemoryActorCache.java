package org.commune.federation.http;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The cache seam in memory, for tests of the fetching rules (RemoteActorsIT covers the table). */
final class MemoryActorCache implements RemoteActorCache {

  private final Map<String, Cached> byId = new ConcurrentHashMap<>();

  @Override
  public Optional<Cached> find(String actorId) {
    return Optional.ofNullable(byId.get(actorId));
  }

  @Override
  public Optional<Cached> findByKeyId(String keyId) {
    return byId.values().stream().filter(c -> c.actor().keyId().equals(keyId)).findFirst();
  }

  @Override
  public void put(RemoteActor actor, Instant fetchedAt) {
    byId.put(actor.id(), new Cached(actor, fetchedAt));
  }
}
