package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a steward's provider URL may lead, from the attacker's side: every metadata service and
 * special-purpose address is refused whatever the settings, in every IPv6 disguise; this machine and
 * the private network only when a steward turned them on. And when a key may leave at all.
 */
class ModelServerAddressTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      // Cloud metadata and link-local: never.
      "169.254.169.254, FORBIDDEN",
      "169.254.0.1, FORBIDDEN",
      "fd00:ec2::254, FORBIDDEN",
      "100.100.100.200, FORBIDDEN",
      "192.0.0.192, FORBIDDEN",
      "fe80::1, FORBIDDEN",
      // "This network" (0.0.0.0 reaches this machine on Linux), multicast, broadcast, reserved.
      "0.0.0.0, FORBIDDEN",
      "0.1.2.3, FORBIDDEN",
      "::, FORBIDDEN",
      "224.0.0.1, FORBIDDEN",
      "239.255.255.250, FORBIDDEN",
      "255.255.255.255, FORBIDDEN",
      "240.0.0.1, FORBIDDEN",
      "ff02::1, FORBIDDEN",
      "192.0.2.10, FORBIDDEN",
      "2001:db8::1, FORBIDDEN",
      "198.18.0.1, FORBIDDEN",
      // IPv4-mapped IPv6 of forbidden and loopback addresses.
      "::ffff:169.254.169.254, FORBIDDEN",
      "::ffff:100.100.100.200, FORBIDDEN",
      "::ffff:127.0.0.1, LOOPBACK",
      "::ffff:10.0.0.1, PRIVATE",
      // NAT64 forms carrying forbidden addresses.
      "64:ff9b::a9fe:a9fe, FORBIDDEN",
      "64:ff9b::169.254.169.254, FORBIDDEN",
      "64:ff9b::6464:64c8, FORBIDDEN",
      "64:ff9b::7f00:1, LOOPBACK",
      "64:ff9b:1::a9fe:a9fe, FORBIDDEN",
      "64:ff9b::808:808, PUBLIC",
      // Deprecated IPv4-compatible form, 6to4 and Teredo.
      "::169.254.169.254, FORBIDDEN",
      "::127.0.0.1, LOOPBACK",
      "2002:a9fe:a9fe::1, FORBIDDEN",
      "2002:7f00:1::1, LOOPBACK",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2, FORBIDDEN",
      // This machine.
      "127.0.0.1, LOOPBACK",
      "127.1.2.3, LOOPBACK",
      "::1, LOOPBACK",
      // The private network.
      "10.0.0.5, PRIVATE",
      "172.16.0.1, PRIVATE",
      "172.31.255.255, PRIVATE",
      "192.168.1.10, PRIVATE",
      "100.64.0.1, PRIVATE",
      "fd12:3456::1, PRIVATE",
      "fec0::1, PRIVATE",
      // The internet.
      "8.8.8.8, PUBLIC",
      "172.32.0.1, PUBLIC",
      "100.128.0.1, PUBLIC",
      "2606:4700::1111, PUBLIC",
  })
  void addressesAreJudgedByWhatTheyReach(String address, ModelServerAddress.Kind expected) throws Exception {
    InetAddress parsed = InetAddress.getByName(address);
    assertThat(ModelServerAddress.kind(parsed)).isEqualTo(expected);
    boolean always = expected == ModelServerAddress.Kind.PUBLIC;
    assertThat(ModelServerAddress.allowed(parsed, false, false)).isEqualTo(always);
    assertThat(ModelServerAddress.allowed(parsed, true, true)).isEqualTo(expected != ModelServerAddress.Kind.FORBIDDEN);
    assertThat(ModelServerAddress.allowed(parsed, true, false))
        .isEqualTo(always || expected == ModelServerAddress.Kind.LOOPBACK);
    assertThat(ModelServerAddress.allowed(parsed, false, true))
        .isEqualTo(always || expected == ModelServerAddress.Kind.PRIVATE);
  }

  @ParameterizedTest(name = "key may go to {0}: {1}")
  @CsvSource({
      "https://models.example.org, true",
      "https://10.0.0.5:8443, true",
      "http://127.0.0.1:8080, true",
      "http://127.9.9.9:8080, true",
      "http://localhost:11434, true",
      "http://[::1]:8080, true",
      // Plain http off this machine: the key would cross the network in clear.
      "http://10.0.0.5:8080, false",
      "http://192.168.1.2, false",
      "http://models.example.org, false",
      "http://8.8.8.8, false",
      // A name that might resolve to loopback is not trusted to: DNS can point it anywhere.
      "http://localhost.example.org, false",
      "http://127.0.0.1.nip.io, false",
      "ftp://127.0.0.1, false",
  })
  void aKeyNeverLeavesOverPlainHttpExceptToThisMachine(String url, boolean allowed) {
    assertThat(Provider.keyMayTravelTo(url)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "key variable {0}: {1}")
  @CsvSource({
      "COMMUNE_AI_KEY_LOCAL, true",
      "COMMUNE_AI_KEY_X, true",
      "HOME, false",
      "PATH, false",
      "JAVA_HOME, false",
      "COMMUNE_DATABASE_PASSWORD, false",
      "COMMUNE_AI_KEY_, false",
      "commune_ai_key_x, false",
      "COMMUNE_AI_KEYX, false",
  })
  void onlyPrefixedVariablesHoldKeys(String name, boolean allowed) {
    assertThat(Provider.keyVariableAllowed(name)).isEqualTo(allowed);
  }

  /** A stored row naming another variable (written before the rule) sends no key; nor does plain http off this machine. */
  @Test
  void aStoredForbiddenVariableOrAPlainHttpRemoteSendsNoKey() {
    System.setProperty("COMMUNE_AI_KEY_UNIT", "sk-unit-secret");
    try {
      assertThat(new Provider("p", "http://127.0.0.1:1", List.of("m"), true, "PATH", 5).bearer()).isNull();
      assertThat(new Provider("p", "http://127.0.0.1:1", List.of("m"), true, "PATH", 5).apiKey()).isEqualTo("none");
      assertThat(new Provider("p", "http://10.0.0.5:8080", List.of("m"), true, "COMMUNE_AI_KEY_UNIT", 5).bearer()).isNull();
      assertThat(new Provider("p", "http://127.0.0.1:1", List.of("m"), true, "COMMUNE_AI_KEY_UNIT", 5).bearer())
          .isEqualTo("sk-unit-secret");
      assertThat(new Provider("p", "https://models.example.org", List.of("m"), true, "COMMUNE_AI_KEY_UNIT", 5).bearer())
          .isEqualTo("sk-unit-secret");
    } finally {
      System.clearProperty("COMMUNE_AI_KEY_UNIT");
    }
  }

  /** Any change to the address, the models or the key variable changes the fingerprint a charter pins. */
  @Test
  void theFingerprintFollowsAddressModelsAndKey() {
    String base = Provider.fingerprint("http://127.0.0.1:8080", List.of("a", "b"), null);
    assertThat(Provider.fingerprint("http://127.0.0.1:8080/", List.of("b", "a"), null)).isEqualTo(base);
    assertThat(Provider.fingerprint("HTTP://127.0.0.1:8080", List.of("a", "b"), null)).isEqualTo(base);
    assertThat(Provider.fingerprint("http://127.0.0.2:8080", List.of("a", "b"), null)).isNotEqualTo(base);
    assertThat(Provider.fingerprint("http://127.0.0.1:8081", List.of("a", "b"), null)).isNotEqualTo(base);
    assertThat(Provider.fingerprint("http://127.0.0.1:8080", List.of("a"), null)).isNotEqualTo(base);
    assertThat(Provider.fingerprint("http://127.0.0.1:8080", List.of("a", "b"), "COMMUNE_AI_KEY_X")).isNotEqualTo(base);
  }
}
