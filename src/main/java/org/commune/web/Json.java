package org.commune.web;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the application, with Jackson's default settings. A built mapper is immutable and
 * thread-safe, and building one is costly (it caches serialisers per type), so every module reads and writes
 * JSON through this one. A mapper that needs other settings builds its own next to the reason: canonical key
 * order for hashed charters ({@code Charters}) and duplicate-key refusal for ballot files ({@code BallotJson}).
 */
public final class Json {

  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}
}
