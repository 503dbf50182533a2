/**
 * AI under members' control: a gateway that checks every call against the charter the members
 * adopted by vote (deny by default), redacts personal data before it reaches a provider the charter
 * does not trust with it, records every call (allowed, refused or failed) for members to read, and
 * turns every output into a draft a named member must approve. Providers are OpenAI-compatible servers
 * the stewards register (llama.cpp, vLLM, LocalAI, Ollama); the in-process MiniLM embedding model
 * needs no server.
 *
 * <p>Listens to {@link org.commune.governance.DecisionTaken} (a passed "ai-charter" proposal).
 * Publishes {@link org.commune.ai.AiCallRecorded} for the transparency log. Approved drafts go to
 * publishing.
 */
@ApplicationModule(allowedDependencies = {"members", "governance", "governance :: deliberation", "publishing", "web",
    "database", "transparency"})
@NullMarked
package org.commune.ai;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
