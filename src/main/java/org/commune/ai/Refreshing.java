package org.commune.ai;

import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value read again from its source at most every {@link #FRESH}, and at once after {@link #reset}.
 * For what every AI call consults but rarely changes (the charter, the providers, the member
 * directory): a change made on this server applies at once, one made on another within seconds.
 */
final class Refreshing<T> {

  static final Duration FRESH = Duration.ofSeconds(5);

  private record Read<T>(T value, long at) {}

  private final Supplier<T> source;
  private volatile @Nullable Read<T> last;

  Refreshing(Supplier<T> source) {
    this.source = source;
  }

  T get() {
    Read<T> read = last;
    long now = System.nanoTime();
    if (read == null || now - read.at() > FRESH.toNanos()) {
      read = new Read<>(source.get(), now);
      last = read;
    }
    return read.value();
  }

  void reset() {
    last = null;
  }
}
