package org.commune.ai;

import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.jspecify.annotations.Nullable;

/**
 * A call someone asks the gateway for.
 *
 * @param data the member or external text the task works on: it only ever enters the prompt as a
 *     delimited data block, after redaction where the charter requires it
 * @param values the template's other values (languages), set by Commune, never by members
 * @param subject what the call is about (an article or a proposal), if anything
 */
public record AiRequest(MemberId requester, AiTask task, DataClass dataClass, @Nullable UUID subject,
    Map<String, String> values, String data) {}
