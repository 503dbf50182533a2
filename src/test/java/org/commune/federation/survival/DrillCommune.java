package org.commune.federation.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import org.commune.Application;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.testing.FreePort;
import org.commune.testing.WebSession;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One Commune of a survival drill, started in the test's JVM on its own port, database and data directory
 * (several run side by side), on the real clock, allowed to reach its peers on loopback; and the beans and
 * pages the drills drive it through.
 */
record DrillCommune(ConfigurableApplicationContext context, int port, String url, Path data) {

  static final String PASSWORD = "a long enough password";

  /** A new organisation named after {@code name}, its steward {@code keeper<name>}, at http://localhost:PORT. */
  static DrillCommune start(String name, Path data) {
    int port = FreePort.find();
    DrillCommune commune = run("http://localhost:" + port, port, data);
    commune.bean(Organisation.class).setUp("Union " + name, "نقابة " + name, "en",
        new NewMember("keeper" + name.toLowerCase(Locale.ROOT), "Keeper " + name, null, PASSWORD, "en"));
    return commune;
  }

  /** Commune on an existing (e.g. restored) data directory under the given public URL. */
  static DrillCommune run(String url, int port, Path data) {
    ConfigurableApplicationContext context = new SpringApplication(Application.class).run(
        "--server.port=" + port, "--commune.public-url=" + url, "--commune.data-dir=" + data,
        "--commune.federation.allow-private-addresses=true", "--commune.federation.mirror-sync-first=PT1H",
        "--commune.federation.delivery.poll=PT0.2S",
        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + FreePort.find());
    return new DrillCommune(context, port, url, data);
  }

  /** host[:port], as allies and witnesses name this Commune. */
  String host() {
    return URI.create(url).getAuthority();
  }

  /** Where this Commune serves its mirror of {@code origin}. */
  String mirrorOf(DrillCommune origin) {
    return url + "/mirrors/" + origin.host();
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  JdbcClient jdbc() {
    return bean(JdbcClient.class);
  }

  MemberId steward() {
    return bean(Members.class).all().get(0).id();
  }

  WebSession visitor() {
    return new WebSession(port);
  }

  WebSession steward(String username) {
    WebSession session = visitor();
    assertThat(session.signIn(username, PASSWORD).redirectsTo("/home")).isTrue();
    return session;
  }
}
