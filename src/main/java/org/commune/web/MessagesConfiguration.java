package org.commune.web;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Texts live in messages_ar.properties and messages_en.properties (UTF-8), with no language-less
 * base bundle on purpose: a missing key fails loudly instead of falling back to another language.
 */
@Configuration(proxyBeanMethods = false)
class MessagesConfiguration {

  @Bean
  MessageSource messageSource() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    return messages;
  }
}
