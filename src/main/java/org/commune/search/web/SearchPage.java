package org.commune.search.web;

import org.commune.search.Search;

/** The search page: the query and its results (or why it was refused), and whether members are searched too. */
public record SearchPage(Search.Results results, boolean signedIn) {}
