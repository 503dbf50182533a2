package org.commune.transparency;

/** One entry as served: its index and the exact leaf text that was hashed into the tree. */
public record LogLeaf(long index, String leaf) {}
