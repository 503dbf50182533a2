package org.commune.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Uses the embedded PostgreSQL unless {@code spring.datasource.url} names an external server. */
@Configuration(proxyBeanMethods = false)
class EmbeddedDatabaseConfiguration {

  @Bean
  DataDirectory dataDirectory(Environment environment) {
    return new DataDirectory(java.nio.file.Path.of(environment.getProperty(DataDirectory.PROPERTY, "data")));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
  EmbeddedDatabase embeddedDatabase(DataDirectory dataDirectory) {
    return EmbeddedDatabase.startOrJoin(dataDirectory);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
  DataSource dataSource(EmbeddedDatabase database, Environment environment) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername("postgres");
    config.setPoolName("commune");
    config.setMaximumPoolSize(environment.getProperty("commune.db.pool-size", Integer.class, 20));
    return new HikariDataSource(config);
  }
}
