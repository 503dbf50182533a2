package org.commune.governance.web;

import java.time.Instant;
import java.util.List;
import org.commune.governance.constitution.Constitution;
import org.commune.governance.ConstitutionRules;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/**
 * The constitution: the rules now in force, every earlier version (each with the proposal that adopted
 * it), and for members the form to propose a change to one decision type's rules.
 *
 * @param mayBeNamed the viewer holds a role the constitution names in public, so they may agree to be named
 * @param namedSince when the viewer agreed to be named in public (null when they have not)
 * @param rolesForm the form proposing which roles may be named in public (its own values and errors)
 */
public record ConstitutionPage(ConstitutionRules current, List<Constitution.Version> history, List<String> types,
    List<String> methods, boolean member, Form form, boolean mayBeNamed, @Nullable Instant namedSince, Form rolesForm) {}
