/**
 * Publishing: the organisation's articles, each with language versions and provenance (written by a
 * person, or AI-assisted with the model and the member who reviewed it), a public site that works
 * without JavaScript and carries JSON-LD (schema.org with IPTC {@code digitalSourceType}), and an
 * Atom feed per language. Federation will extend this module.
 *
 * <p>Depends on members (authors), semantic (related articles, in-process embeddings) and web. Publishes nothing yet; listens to nothing.
 */
@ApplicationModule(allowedDependencies = {"members", "semantic", "web", "search"})
@NullMarked
package org.commune.publishing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
