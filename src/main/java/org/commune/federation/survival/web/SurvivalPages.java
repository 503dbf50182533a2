package org.commune.federation.survival.web;

import java.util.List;
import org.commune.federation.survival.Alliances;
import org.commune.federation.survival.Ally;
import org.commune.federation.survival.Mirrors;
import org.commune.web.Form;

/** The typed records survival's templates take. */
public final class SurvivalPages {

  private SurvivalPages() {}

  /** The stewards' allies page: every ally (standing or ended) with its last sync, and the proposal form. */
  public record AlliesPage(List<Ally> allies, List<Alliances.OpenProposal> proposals, Form form,
      String ownLogKeyFingerprint, String ownActorKeyFingerprint) {}

  /** The index of the mirrors this Commune keeps, one per ally (standing or ended). */
  public record MirrorsPage(List<Ally> allies) {}

  /** A mirror's front page. {@code reachable}: the origin answered the last sync. */
  public record MirrorPage(Mirrors.Index index, String origin, boolean reachable) {}

  /** One mirrored article (every language version) or, when the stored copy does not verify, only that. */
  public record MirrorArticlePage(Ally ally, Mirrors.Entry entry, String origin) {}
}
