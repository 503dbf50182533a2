package org.commune.federation.move.web;

import java.util.List;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/**
 * The stewards' moving-house page (template {@code federation/move.jte}): this actor's address, its aliases,
 * the hand-overs logged and where it moved, with the three steps' forms.
 */
public record MovePage(String actor, List<String> aliases, List<String> handedOverTo, @Nullable String movedTo,
    Form form) {}
