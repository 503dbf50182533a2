package org.commune.search;

/**
 * Something searchable was created, changed, hidden or removed: published by the module that owns it, in
 * the transaction that changed it. After the commit the index reads the entity again from its source.
 */
public record SearchableChanged(String kind, String id) {}
