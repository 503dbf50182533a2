/**
 * The web shell every page stands in: the page frame's data ({@link org.commune.web.Shell}),
 * message texts in the member's language, language choice, security (sign-in wiring, CSRF, CSP and
 * the other headers, rate limits, size limits) and error pages. Depends on no other module; every
 * module's pages depend on it. Owns no tables; publishes and listens to no events.
 */
@ApplicationModule(displayName = "Web shell", allowedDependencies = {})
@NullMarked
package org.commune.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
