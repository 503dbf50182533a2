/**
 * The log's pages and API: a module of its own inside transparency, because signed-in members see
 * names (members), while the log itself knows no feature module, so that every feature module can
 * publish {@link org.commune.transparency.PublicFact}s without a cycle.
 */
@ApplicationModule(displayName = "Transparency pages", allowedDependencies = {"transparency", "members", "web"})
@NullMarked
package org.commune.transparency.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
