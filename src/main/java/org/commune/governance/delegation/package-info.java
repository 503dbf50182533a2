/** Liquid delegation: who delegates to whom (globally and per group), and the weights a vote's close counts with. Internal to governance. */
@NullMarked
package org.commune.governance.delegation;

import org.jspecify.annotations.NullMarked;
