package org.commune.ai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The energy estimate of a call, after Jegham et al. 2025 ("How Hungry is AI?"):
 * E [Wh] = (output tokens ÷ tokens per second + latency [s]) ÷ 3600 × (device power [W] × device
 * utilisation + other power [W] × other utilisation) × PUE. The coefficients are settings
 * ({@code commune.ai.energy.*}); the defaults describe a small quantised model on a 2-core CPU server.
 */
@ConfigurationProperties("commune.ai.energy")
public record EnergyEstimate(double tokensPerSecond, double devicePowerWatts, double deviceUtilisation,
    double otherPowerWatts, double otherUtilisation, double pue) {

  public EnergyEstimate {
    if (tokensPerSecond <= 0) {
      tokensPerSecond = 10;
    }
    if (devicePowerWatts <= 0) {
      devicePowerWatts = 65;
    }
    if (deviceUtilisation <= 0) {
      deviceUtilisation = 0.8;
    }
    if (otherPowerWatts < 0) {
      otherPowerWatts = 0;
    }
    if (otherUtilisation < 0) {
      otherUtilisation = 0;
    }
    if (pue <= 0) {
      pue = 1.2;
    }
  }

  /** Watt-hours for a call that produced {@code outputTokens} and took {@code latencySeconds}. */
  public double wattHours(long outputTokens, double latencySeconds) {
    double seconds = outputTokens / tokensPerSecond + latencySeconds;
    return seconds / 3600 * (devicePowerWatts * deviceUtilisation + otherPowerWatts * otherUtilisation) * pue;
  }
}
