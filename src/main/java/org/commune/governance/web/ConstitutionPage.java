package org.commune.governance.web;

import java.util.List;
import org.commune.governance.Constitution;
import org.commune.governance.ConstitutionRules;
import org.commune.web.Form;

/**
 * The constitution: the rules now in force, every earlier version (each with the proposal that adopted
 * it), and for members the form to propose a change to one decision type's rules.
 */
public record ConstitutionPage(ConstitutionRules current, List<Constitution.Version> history, List<String> types,
    List<String> methods, boolean member, Form form) {}
