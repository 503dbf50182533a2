package org.commune.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the application's clock with a {@link MutableClock} that tests move forward instead of waiting. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

  /** Primary: beans asking for a {@code Clock} get this one, not the application's system clock. */
  @Bean
  @Primary
  MutableClock testClock() {
    return new MutableClock();
  }
}
