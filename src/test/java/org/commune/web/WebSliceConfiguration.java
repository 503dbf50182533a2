package org.commune.web;

import gg.jte.springframework.boot.autoconfigure.ServletJteAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.LocaleResolver;

/**
 * What a web slice test ({@code @WebMvcTest}) needs of the web shell to draw a real page: the message
 * bundles, the precompiled templates and their view resolver and the member's language. Security stays Spring Boot's default
 * (every request signed in, CSRF checked); the module URL rules are the full-application tests' concern.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({MessagesConfiguration.class, JteConfiguration.class})
@ImportAutoConfiguration(ServletJteAutoConfiguration.class)
public class WebSliceConfiguration {

  @Bean
  LocaleResolver localeResolver(ObjectProvider<DefaultLanguage> defaultLanguage) {
    return new LanguageResolver(defaultLanguage);
  }
}
