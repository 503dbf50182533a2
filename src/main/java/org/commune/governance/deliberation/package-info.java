/**
 * Deliberation: comments and moderation, amendments, consent objections and implementation updates.
 * It calls proposals (to change a text, open an amendment's vote, record progress); proposals hear
 * nothing from it but events it listens to ({@code ProposalMoved}, {@code ProposalDecided}) and the
 * objection count of a consent decision. Exposed to other modules (the AI tasks read comments) as the
 * named interface "deliberation".
 */
@NamedInterface("deliberation")
@NullMarked
package org.commune.governance.deliberation;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
