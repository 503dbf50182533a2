package org.commune.web;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The self-hosted fonts (static/fonts, docs/design.md). A font file never changes under its name (a new
 * version gets a new name), so browsers may keep it a year: the second page a member opens fetches
 * no font at all. The stylesheet keeps the default revalidation, so a new release shows at once.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/fonts/**")
        .addResourceLocations("classpath:/static/fonts/")
        .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
  }
}
