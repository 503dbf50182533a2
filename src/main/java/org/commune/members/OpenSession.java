package org.commune.members;

import java.time.Instant;

/**
 * One of a member's open sessions as pages may show it. The handle is a keyed hash of the session
 * id: it names the session for ending it, but it cannot be used as a session cookie, and nobody who
 * reads it (in the page, a proxy's cache, a screenshot) can work back to the id.
 */
public record OpenSession(String handle, Instant lastRequest, boolean current) {}
