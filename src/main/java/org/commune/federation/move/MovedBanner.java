package org.commune.federation.move;

import org.commune.web.SiteBanner;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** After the move, every page of the old instance points to the new address. */
@Component
class MovedBanner implements SiteBanner {

  private final Moving moving;

  MovedBanner(Moving moving) {
    this.moving = moving;
  }

  @Override
  public @Nullable Banner banner() {
    return moving.movedTo().map(to -> new Banner("federation.moved.banner", to)).orElse(null);
  }
}
