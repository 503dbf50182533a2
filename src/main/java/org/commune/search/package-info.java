/**
 * Search: one full-text index (Lucene, in memory) of proposals, comments, articles and members, with
 * Arabic normalised (alef and hamza forms, taa marbuta, alef maqsura, diacritics, tatweel, Persian letter
 * forms, Arabic-Indic digits) so a member finds a word however it was typed.
 *
 * <p>The root package is the contract modules implement, as {@code transparency.PublicFact} is: a module
 * with searchable things has one {@link org.commune.search.SearchSource} bean and publishes {@link
 * org.commune.search.SearchableChanged} when one changes (after its transaction commits, the index asks the
 * source again). Each {@link org.commune.search.SearchDocument} says who may find it ({@link
 * org.commune.search.Audience}); the search never shows more than the pages would. Search reads no other
 * module's tables and depends on the web shell only. The index is rebuilt from the sources at every start
 * (and every hour, a safety net for a change no event announced).
 */
@ApplicationModule(allowedDependencies = {"web"})
@NullMarked
package org.commune.search;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
