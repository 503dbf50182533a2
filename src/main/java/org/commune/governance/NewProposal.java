package org.commune.governance;

import java.util.List;

/** What a member submits to open a vote. */
public record NewProposal(String title, String body, String method, List<String> options, int days,
    int quorumPercent) {}
