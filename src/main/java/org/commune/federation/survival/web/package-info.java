/** Survival's pages and APIs: the export for mirrors, the mirrors themselves, witnessing, the stewards' allies page. */
@NullMarked
package org.commune.federation.survival.web;

import org.jspecify.annotations.NullMarked;
