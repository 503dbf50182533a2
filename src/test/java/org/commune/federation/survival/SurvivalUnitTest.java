package org.commune.federation.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.commune.federation.http.ActorKeys;
import org.commune.transparency.Cosignature;
import org.junit.jupiter.api.Test;

/** Signed items, strict item parsing, ally addresses and the cosignature text, each with the attack it stops. */
class SurvivalUnitTest {

  static final KeyPair RSA = ActorKeys.generate();

  static String item(String title) {
    return SignedItems.canonical(Map.of("id", "6f1c1d7e-9a5e-4f55-9d0b-7c4b8d7d5a11", "origin", "https://a.example",
        "languages", List.of(Map.of("language", "en", "revisions", List.of(Map.of("revision", 1, "title", title,
            "body", "Text", "sourceType", "human", "publishedAt", 1_700_000_000L))))));
  }

  @Test
  void aSignedItemVerifiesAndAnyChangeBreaksIt() {
    String canonical = item("Report");
    String signature = SignedItems.sign(canonical, RSA.getPrivate());
    assertThat(SignedItems.verify(canonical, signature, RSA.getPublic())).isTrue();
    assertThat(SignedItems.verify(item("Forged"), signature, RSA.getPublic())).isFalse();
    assertThat(SignedItems.verify(canonical, signature, ActorKeys.generate().getPublic())).isFalse();
    assertThat(SignedItems.verify(canonical, "not base64!", RSA.getPublic())).isFalse();
  }

  @Test
  void theSignatureIsDomainSeparated() throws Exception {
    String canonical = item("Report");
    Signature plain = Signature.getInstance("SHA256withRSA");
    plain.initSign(RSA.getPrivate());
    plain.update(canonical.getBytes());
    String withoutDomain = Base64.getEncoder().encodeToString(plain.sign());
    assertThat(SignedItems.verify(canonical, withoutDomain, RSA.getPublic())).isFalse();
  }

  @Test
  void canonicalFormIgnoresKeyOrderAndSpacing() {
    assertThat(SignedItems.canonical("{ \"b\": 1, \"a\": {\"d\": 2, \"c\": [1, 2]} }"))
        .isEqualTo("{\"a\":{\"c\":[1,2],\"d\":2},\"b\":1}");
  }

  @Test
  void itemsAreParsedStrictly() {
    MirroredArticle ok = MirroredArticle.parse(item("Report"));
    assertThat(ok.title()).isEqualTo("Report");
    assertThat(ok.languages().get(0).current().aiAssisted()).isFalse();
    String withExtra = item("Report").replace("{\"id\"", "{\"@context\":\"x\",\"id\"");
    assertThatThrownBy(() -> MirroredArticle.parse(withExtra)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MirroredArticle.parse(item("Report").replace("\"revision\":1", "\"revision\":2")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MirroredArticle.parse(item("Report").replace("\"human\"", "\"robot\"")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MirroredArticle.parse(item("Report").replace("1700000000", "\"yesterday\"")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MirroredArticle.parse(item("Report").replace("\"en\"", "\"xx\"")))
        .isInstanceOf(IllegalArgumentException.class);
    // A tombstone carries no text; text with a tombstone is refused.
    String tombstone = SignedItems.canonical(Map.of("id", "6f1c1d7e-9a5e-4f55-9d0b-7c4b8d7d5a11",
        "origin", "https://a.example", "withdrawn", Map.of("reason", "error", "at", 1L), "languages", List.of()));
    assertThat(MirroredArticle.parse(tombstone).withdrawn()).isNotNull();
    String both = item("Report").replace("\"id\"", "\"withdrawn\":{\"reason\":\"error\",\"at\":1},\"id\"");
    assertThatThrownBy(() -> MirroredArticle.parse(both)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allyAddressesAreBareBaseUrls() {
    assertThat(AllyUrl.normalise("https://Commune.Example.org/")).contains("https://commune.example.org");
    assertThat(AllyUrl.normalise("http://localhost:8081")).contains("http://localhost:8081");
    for (String bad : List.of("", "ftp://x.org", "https://x.org/path", "https://u:p@x.org", "https://x.org?q=1",
        "https://x.org#f", "javascript:alert(1)", "x.org")) {
      assertThat(AllyUrl.normalise(bad)).as(bad).isEmpty();
    }
    assertThat(Ally.hostOf("http://localhost:8081")).isEqualTo("localhost:8081");
  }

  @Test
  void aCosignatureBindsWitnessOriginSizeRootAndTime() throws Exception {
    KeyPair witness = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] witnessKey = witness.getPublic().getEncoded();
    byte[] originKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
    byte[] root = new byte[32];
    Signature ed = Signature.getInstance("Ed25519");
    ed.initSign(witness.getPrivate());
    ed.update(Cosignature.signedText(witnessKey, originKey, 5, root, 100));
    byte[] signature = ed.sign();
    assertThat(new Cosignature(witnessKey, originKey, 5, root, 100, signature).verifies()).isTrue();
    assertThat(new Cosignature(witnessKey, originKey, 6, root, 100, signature).verifies()).isFalse();
    assertThat(new Cosignature(witnessKey, originKey, 5, new byte[] {1}, 100, signature).verifies()).isFalse();
    assertThat(new Cosignature(witnessKey, witnessKey, 5, root, 100, signature).verifies()).isFalse();
    assertThat(new Cosignature(witnessKey, originKey, 5, root, 101, signature).verifies()).isFalse();
    assertThat(new Cosignature(originKey, originKey, 5, root, 100, signature).verifies()).isFalse();
    assertThat(new String(Cosignature.signedText(witnessKey, originKey, 5, root, 100)))
        .startsWith("commune log cosignature v1\nwitness ");
  }
}
