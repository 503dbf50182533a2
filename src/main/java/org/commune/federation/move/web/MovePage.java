package org.commune.federation.move.web;

import java.util.List;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/**
 * The stewards' moving-house page (template {@code federation/move.jte}): this actor's address, its aliases,
 * the addresses the members voted to move to, the hand-overs logged and where it moved, with the four steps' forms.
 */
public record MovePage(String actor, List<String> aliases, List<String> adopted, List<String> handedOverTo, @Nullable String movedTo,
    Form form) {}
