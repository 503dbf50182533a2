package org.commune.governance.web;

import org.commune.governance.ProposalView;
import org.commune.governance.deliberation.Comments;

/** Every version of one comment, oldest first, under the proposal it was said about. */
public record CommentHistoryPage(ProposalView proposal, Comments.History history) {}
