package org.commune.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Templates are compiled to classes at build time (jte-maven-plugin), so a running server never
 * compiles templates and start-up stays quick.
 */
@Configuration(proxyBeanMethods = false)
class JteConfiguration {

  @Bean
  TemplateEngine templateEngine() {
    return TemplateEngine.createPrecompiled(ContentType.Html);
  }
}
