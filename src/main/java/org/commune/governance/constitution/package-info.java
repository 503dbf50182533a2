/**
 * The constitution: the rules of each decision type as data, every version public; a passed
 * "constitution" proposal is adopted on {@link org.commune.governance.DecisionTaken}. Also who of the
 * officers the constitution lets be named agreed to it ({@code PublicNameRepository}). Internal to
 * governance.
 */
@NullMarked
package org.commune.governance.constitution;

import org.jspecify.annotations.NullMarked;
