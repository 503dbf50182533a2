package org.commune.federation.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry schedule and the unavailability windows the docs promise. */
class DeliverySettingsTest {

  @Test
  void tenAttemptsOverAboutAWeekThenItGivesUp() {
    Duration total = Duration.ZERO;
    for (int attempt = 1; attempt < DeliverySettings.MAX_ATTEMPTS; attempt++) {
      Duration wait = DeliverySettings.backoff(attempt);
      assertThat(wait).as("attempt %d", attempt).isNotNull();
      if (attempt > 1) {
        assertThat(wait).as("waits grow").isGreaterThan(DeliverySettings.backoff(attempt - 1));
      }
      total = total.plus(wait);
    }
    assertThat(DeliverySettings.MAX_ATTEMPTS).isEqualTo(10);
    assertThat(DeliverySettings.backoff(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(DeliverySettings.backoff(DeliverySettings.MAX_ATTEMPTS)).as("the last attempt gives up").isNull();
    assertThat(total).isBetween(Duration.ofDays(6), Duration.ofDays(8));
  }

  @Test
  void anInboxIsUnavailableForAnHourDoublingUpToThreeDays() {
    assertThat(DeliverySettings.unavailableFor(DeliverySettings.UNAVAILABLE_AFTER)).isEqualTo(Duration.ofHours(1));
    assertThat(DeliverySettings.unavailableFor(DeliverySettings.UNAVAILABLE_AFTER + 1)).isEqualTo(Duration.ofHours(2));
    assertThat(DeliverySettings.unavailableFor(DeliverySettings.UNAVAILABLE_AFTER + 5)).isEqualTo(Duration.ofHours(32));
    assertThat(DeliverySettings.unavailableFor(DeliverySettings.UNAVAILABLE_AFTER + 6)).isEqualTo(Duration.ofHours(64));
    assertThat(DeliverySettings.unavailableFor(DeliverySettings.UNAVAILABLE_AFTER + 7)).isEqualTo(Duration.ofDays(3));
    assertThat(DeliverySettings.unavailableFor(1000)).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void settingsThatCannotWorkAreRefusedAtStart() {
    assertThatThrownBy(() -> new DeliverySettings(0, 64, 8, Duration.ofSeconds(2), Duration.ofMinutes(5)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new DeliverySettings(2, 64, 8, Duration.ofSeconds(2), Duration.ofSeconds(5)))
        .as("a lease shorter than one attempt could take").isInstanceOf(IllegalStateException.class);
  }
}
