package org.commune.federation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address rule and the host-spelling rule, case by case (each case an SSRF advisory somewhere). */
class PublicAddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1",
      "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.250",
      "240.0.0.1", "255.255.255.255", "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",
      "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "::127.0.0.1", "::10.0.0.1",
      "64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b:1::808:808", "2002:7f00:1::1", "2002:c0a8:101::1",
      "2001:db8::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "100::1",
      "::ffff:0:7f00:1", "::ffff:0:a00:1", "::ffff:0:808:808", "192.88.99.1", "192.88.99.255"})
  void nonPublicAddressesAreRefused(String literal) throws Exception {
    assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).as(literal).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "198.20.0.1",
      "2606:4700:4700::1111", "2a00:1450:4001::200e", "64:ff9b::808:808", "2002:808:808::1"})
  void publicAddressesAreAllowed(String literal) throws Exception {
    assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).as(literal).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.1", "0x7f.0.0.1", "127.1", "127.0.1", "0x7f000001",
      "017700000001", "127.0.0.01", "1.2.3.4.5", "1.2.3", "256.1.1.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
      "[::ffff:8.8.8.8]", "[::127.0.0.1]", "[64:ff9b::10.0.0.1]", "[::ffff:808:808]", "example.0x10", "host.123",
      "[::ffff:0:7f00:1]", "[::ffff:0:808:808]", "[::7f00:1]", "[0:0:0:0:ffff:0:a00:1]"})
  void numbersInDisguiseAreRefusedBeforeAnyLookUp(String host) {
    assertThatThrownBy(() -> PublicAddresses.checkSpelling(host)).as(host).isInstanceOf(OutboundHttp.AddressRefused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mastodon.social", "example.org.", "8.8.8.8", "127.0.0.1", "[2606:4700::1111]", "[::1]",
      "xn--mgbh0fb.example", "1password.com", "a.b.c.d"})
  void ordinarySpellingsPass(String host) {
    // 127.0.0.1 and [::1] pass the spelling rule; the address rule refuses them (above)
    assertThatCode(() -> PublicAddresses.checkSpelling(host)).as(host).doesNotThrowAnyException();
  }
}
