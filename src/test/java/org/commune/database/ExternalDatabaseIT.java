package org.commune.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.commune.Application;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With a JDBC URL configured, Commune uses that PostgreSQL and starts no embedded one. */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
class ExternalDatabaseIT {

  /** Stands in for an organisation's own PostgreSQL server: a separate server on another port. */
  static final EmbeddedDatabase EXTERNAL =
      EmbeddedDatabase.start(new DataDirectory(Path.of("target/it-data/external-" + UUID.randomUUID())));

  static final int PORT = FreePort.find();

  @DynamicPropertySource
  static void instance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    // The stand-in external server requires a password, as an external one should: it is in the URL.
    registry.add("spring.datasource.url", EXTERNAL::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("commune.data-dir", () -> "target/it-data/external-app-" + UUID.randomUUID());
  }

  /** The server closes with this test's application, after its connection pool, as an operator would stop them. */
  @TestConfiguration
  static class ExternalServer {
    @Bean(destroyMethod = "close")
    EmbeddedDatabase externalServer() {
      return EXTERNAL;
    }

    @Bean
    static BeanFactoryPostProcessor poolStopsBeforeServer() {
      return factory -> factory.getBeanDefinition("dataSource").setDependsOn("externalServer");
    }
  }

  @Autowired ApplicationContext context;
  @Autowired Organisation organisation;
  @Autowired JdbcClient jdbc;

  /** The schema is migrated into the external server and the application works on it. */
  @Test
  void runsOnTheConfiguredDatabase() {
    assertThat(context.containsBean("embeddedDatabase")).as("no embedded server of its own").isFalse();
    organisation.setUp("External", "خارجي", "ar", new NewMember("ext", "Ext", null, "a long enough password", "ar"));
    assertThat(jdbc.sql("SELECT inet_server_port()").query(Integer.class).single()).isEqualTo(EXTERNAL.port());
    assertThat(jdbc.sql("SELECT count(*) FROM member").query(Long.class).single()).isEqualTo(1);
  }
}
