/**
 * Publishing: the organisation's articles, each with language versions and provenance (written by a
 * person, or AI-assisted with the model and the member who reviewed it), a public site that works
 * without JavaScript and carries JSON-LD (schema.org with IPTC {@code digitalSourceType}), and an
 * Atom feed per language. Federation will extend this module.
 *
 * <p>A published article can be corrected (a new revision with a reason code and the editor's note; every
 * revision stays public) or withdrawn (a tombstone with the reason stays at its address, 410 Gone); both
 * are public facts for the log ({@link org.commune.publishing.ArticleCorrected},
 * {@link org.commune.publishing.ArticleWithdrawn}), with the reason as a code and never the editor's words.
 *
 * <p>Announcements are short public texts in one language ({@link org.commune.publishing.Announcements}),
 * posted by the same roles; {@link org.commune.publishing.AnnouncementPublished} and
 * {@link org.commune.publishing.AnnouncementWithdrawn} are public facts with ids and the language only.
 *
 * <p>Depends on members (authors), semantic (related articles, in-process embeddings), transparency (the
 * public-fact contract) and web. Publishes ArticlePublished, ArticleCorrected, ArticleWithdrawn and the
 * announcements' events (federation sends them to followers); listens to nothing.
 */
@ApplicationModule(allowedDependencies = {"members", "semantic", "transparency", "web", "search"})
@NullMarked
package org.commune.publishing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
