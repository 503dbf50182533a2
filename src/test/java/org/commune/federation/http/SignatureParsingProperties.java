package org.commune.federation.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.commune.federation.FederationSettings;

/**
 * Whatever a peer puts in the signature headers, the parsers answer with a {@link SignatureRefused} (a 401
 * with a code) and nothing else: no NumberFormatException, no IndexOutOfBounds, no IllegalArgumentException
 * from Base64 — any of which would be a 500 and a stack trace in the log.
 */
class SignatureParsingProperties {

  static final String CAVAGE = "keyId=\"https://a.example/u#main-key\",algorithm=\"rsa-sha256\","
      + "headers=\"(request-target) host date digest (created)\",signature=\"AAAA\",created=1764331200,expires=1764334800";
  static final String INPUT = "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1764331200;"
      + "expires=1764334800;keyid=\"https://a.example/u#main-key\";alg=\"rsa-v1_5-sha256\"";
  static final String SIGNATURE = "sig1=:AAAA:";
  static final String DIGEST = "sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:, sha-512=:AAAA:";

  /** Valid headers with a few edits: near-misses reach deep into the parsers, where the bugs hide. */
  static Arbitrary<String> nearMiss(String valid) {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.strings().withChars("\"=,;:()?*-.@ \t\\/+019azAZ").ofMinLength(1).ofMaxLength(3),
        Arbitraries.of("99999999999999999999", "-1", "1.5", "?1", ":====:", "\"\"", "()", ";x", "=", "", "\u00e9", "\n"));
    Arbitrary<int[]> at = Arbitraries.integers().between(0, valid.length()).array(int[].class).ofSize(2);
    return Arbitraries.oneOf(Arbitraries.just(valid), Arbitraries.strings().ofMaxLength(30))
        .flatMap(start -> at.flatMap(positions -> piece.map(text -> {
          int from = Math.min(Math.min(positions[0], positions[1]), start.length());
          int to = Math.min(Math.max(positions[0], positions[1]), start.length());
          return start.substring(0, from) + text + start.substring(Math.min(to, from + 3));
        }))).list().ofMinSize(1).ofMaxSize(3).map(edits -> edits.getLast());
  }

  @Provide
  Arbitrary<String> cavage() {
    return nearMiss(CAVAGE);
  }

  @Provide
  Arbitrary<String> input() {
    return nearMiss(INPUT);
  }

  @Provide
  Arbitrary<String> signature() {
    return nearMiss(SIGNATURE);
  }

  @Provide
  Arbitrary<String> digest() {
    return nearMiss(DIGEST);
  }

  @Provide
  Arbitrary<String> date() {
    return nearMiss("Sat, 28 Nov 2026 12:00:00 GMT");
  }

  @Property(tries = 2000)
  void cavageParsingOnlyRefuses(@ForAll("cavage") String header) {
    try {
      HttpSignatures.parseCavage(header);
    } catch (SignatureRefused expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @Property(tries = 2000)
  void messageSignatureParsingAndCheckingOnlyRefuse(@ForAll("input") String input, @ForAll("signature") String signature,
      @ForAll("digest") String digest) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Signature-Input", List.of(input));
    headers.put("Signature", List.of(signature));
    headers.put("Content-Digest", List.of(digest));
    headers.put("Host", List.of("commune.example"));
    InboundRequest request = new InboundRequest("POST", "/inbox", headers, new byte[] {'{', '}'});
    try {
      MessageSignatures.Parsed parsed = MessageSignatures.parse(request);
      MessageSignatures.check(request, parsed, Instant.ofEpochSecond(1764331200));
    } catch (SignatureRefused expected) {
      assertThat(expected.reason()).isNotNull();
    }
    try {
      HttpSignatures.checkContentDigest(request);
    } catch (SignatureRefused expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @Property(tries = 1000)
  void theVerifierOnlyRefuses(@ForAll("cavage") String cavage, @ForAll("input") String input, @ForAll("date") String date,
      @ForAll("digest") String digest, @ForAll boolean ninetyFourTwentyOne) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Signature", List.of(ninetyFourTwentyOne ? SIGNATURE : cavage));
    if (ninetyFourTwentyOne) {
      headers.put("Signature-Input", List.of(input));
      headers.put("Content-Digest", List.of(digest));
    }
    headers.put("Host", List.of("commune.example"));
    headers.put("Date", List.of(date));
    headers.put("Digest", List.of(digest));
    try {
      VERIFIER.verify(new InboundRequest("POST", "/inbox", headers, new byte[] {'{', '}'}));
    } catch (SignatureRefused expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  /** A verifier whose network is down: key fetches fail as a dead peer's would. */
  static final InboundVerifier VERIFIER;

  static {
    OutboundHttp down = new OutboundHttp() {
      @Override
      public Response get(URI uri, String accept) throws IOException {
        throw new IOException("down");
      }

      @Override
      public Response post(URI uri, String contentType, byte[] body) throws IOException {
        throw new IOException("down");
      }
    };
    Clock clock = Clock.systemUTC();
    VERIFIER = new InboundVerifier(new RemoteActors(down, new MemoryActorCache(), "https", clock),
        new FederationSettings("https://commune.example", "org", false), clock);
  }
}
