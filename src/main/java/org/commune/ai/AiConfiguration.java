package org.commune.ai;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the energy coefficients ({@code commune.ai.energy.*}). */
@Configuration
@EnableConfigurationProperties(EnergyEstimate.class)
class AiConfiguration {}
