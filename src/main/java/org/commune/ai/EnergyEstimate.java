package org.commune.ai;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The energy estimate of a call, after Jegham et al. 2025 ("How Hungry is AI?"):
 * E [Wh] = (output tokens ÷ tokens per second + latency [s]) ÷ 3600 × (device power [W] × device
 * utilisation + other power [W] × other utilisation) × PUE. The coefficients are settings
 * ({@code commune.ai.energy.*}, and per model {@code commune.ai.energy.models.[model].*}); the
 * defaults describe a small quantised model on a 2-core CPU server.
 */
@ConfigurationProperties("commune.ai.energy")
public record EnergyEstimate(double tokensPerSecond, double devicePowerWatts, double deviceUtilisation,
    double otherPowerWatts, double otherUtilisation, double pue, @Nullable Map<String, Coefficients> models) {

  /** One model's coefficients (zero or absent values take the general ones). */
  public record Coefficients(double tokensPerSecond, double devicePowerWatts, double deviceUtilisation,
      double otherPowerWatts, double otherUtilisation, double pue) {}

  @ConstructorBinding
  public EnergyEstimate {
    tokensPerSecond = tokensPerSecond > 0 ? tokensPerSecond : 10;
    devicePowerWatts = devicePowerWatts > 0 ? devicePowerWatts : 65;
    deviceUtilisation = deviceUtilisation > 0 ? deviceUtilisation : 0.8;
    otherPowerWatts = Math.max(0, otherPowerWatts);
    otherUtilisation = Math.max(0, otherUtilisation);
    pue = pue > 0 ? pue : 1.2;
    models = models == null ? Map.of() : Map.copyOf(models);
  }

  public EnergyEstimate(double tokensPerSecond, double devicePowerWatts, double deviceUtilisation,
      double otherPowerWatts, double otherUtilisation, double pue) {
    this(tokensPerSecond, devicePowerWatts, deviceUtilisation, otherPowerWatts, otherUtilisation, pue, Map.of());
  }

  /** Watt-hours with the general coefficients. */
  public double wattHours(long outputTokens, double latencySeconds) {
    return wattHours(null, outputTokens, latencySeconds);
  }

  /** Watt-hours for a call to {@code model} that produced {@code outputTokens} and took {@code latencySeconds}. */
  public double wattHours(@Nullable String model, long outputTokens, double latencySeconds) {
    Coefficients m = model == null || models == null ? null : models.get(model);
    double tps = m != null && m.tokensPerSecond() > 0 ? m.tokensPerSecond() : tokensPerSecond;
    double device = m != null && m.devicePowerWatts() > 0 ? m.devicePowerWatts() : devicePowerWatts;
    double deviceUse = m != null && m.deviceUtilisation() > 0 ? m.deviceUtilisation() : deviceUtilisation;
    double other = m != null && m.otherPowerWatts() > 0 ? m.otherPowerWatts() : otherPowerWatts;
    double otherUse = m != null && m.otherUtilisation() > 0 ? m.otherUtilisation() : otherUtilisation;
    double factor = m != null && m.pue() > 0 ? m.pue() : pue;
    double seconds = outputTokens / tps + latencySeconds;
    return seconds / 3600 * (device * deviceUse + other * otherUse) * factor;
  }

  /** The estimate shown before a task runs: an answer of {@code expectedTokens}, generation time only. */
  public double before(@Nullable String model, long expectedTokens) {
    return wattHours(model, expectedTokens, 0);
  }
}
