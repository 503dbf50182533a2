package org.commune.federation.survival;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.Cosignature;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.LogWitnesses;
import org.commune.transparency.TransparencyLog;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The origin side of witnessing: cosignatures of this Commune's own checkpoints, accepted only from allies
 * this Commune adopted (the witness's log key must be the one pinned by that vote), only with a valid
 * signature, and only for a checkpoint this log really signed. Self-authenticating: the request needs no
 * session or HTTP signature, the cosignature proves who made it.
 */
@Service
public class Cosignatures implements LogWitnesses {

  /** Why a cosignature was refused: a short code, answered with a 4xx. */
  public static final class Refused extends RuntimeException {
    public final int status;
    public final String code;

    Refused(int status, String code) {
      super(code, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  /** A cosignature received, with the witness ally's address. */
  public record Received(String witnessHost, String witnessUrl, Cosignature cosignature) {}

  private final AllyRepository allies;
  private final WitnessRepository witness;
  private final TransparencyLog log;
  private final Clock clock;

  Cosignatures(AllyRepository allies, WitnessRepository witness, TransparencyLog log, Clock clock) {
    this.allies = allies;
    this.witness = witness;
    this.log = log;
    this.clock = clock;
  }

  /** Checks and stores a posted cosignature; throws {@link Refused} with the reason otherwise. */
  public void accept(JsonNode body) {
    if (!body.isObject()) {
      throw new Refused(400, "malformed");
    }
    byte[] witnessKey = bytes(body, "witnessKey");
    byte[] originKey = bytes(body, "originKey");
    byte[] root = bytes(body, "rootHash");
    byte[] signature = bytes(body, "signature");
    if (!body.path("treeSize").isIntegralNumber() || !body.path("time").isIntegralNumber() || root.length != 32) {
      throw new Refused(400, "malformed");
    }
    Ally ally = allies.activeByLogKey(witnessKey).orElseThrow(() -> new Refused(403, "not-an-ally"));
    if (!Arrays.equals(originKey, log.publicKey())) {
      throw new Refused(400, "wrong-origin");
    }
    Cosignature c = new Cosignature(witnessKey, originKey, body.path("treeSize").asLong(), root,
        body.path("time").asLong(), signature);
    if (!c.verifies()) {
      throw new Refused(403, "bad-signature");
    }
    List<Checkpoint> found = log.checkpoints(c.treeSize(), 1);
    if (found.isEmpty() || !c.covers(found.get(0))) {
      throw new Refused(409, "unknown-checkpoint");
    }
    witness.received(ally.host(), c.treeSize(), root, c.time(), signature, clock.instant());
  }

  /** The newest cosignatures received from allies that still stand or stood then. */
  public List<Received> received(int count) {
    byte[] originKey = log.publicKey();
    return witness.received(count).stream().flatMap(r -> {
      Optional<Ally> ally = allies.find(r.host());
      return ally.stream().map(a -> new Received(a.host(), a.url(),
          new Cosignature(a.logKey(), originKey, r.treeSize(), r.rootHash(), r.time(), r.signature())));
    }).toList();
  }

  /** For the log page: who cosigned which checkpoint of this log. */
  @Override
  public List<Witnessed> newest(int count) {
    return received(count).stream().map(r -> new Witnessed(r.witnessUrl(),
        LogSignatures.fingerprint(r.cosignature().witnessKey()), r.cosignature().treeSize(),
        Instant.ofEpochSecond(r.cosignature().time()))).toList();
  }

  private static byte[] bytes(JsonNode body, String field) {
    JsonNode node = body.path(field);
    if (!node.isString() || node.asString().length() > 400) {
      throw new Refused(400, "malformed");
    }
    try {
      return Base64.getDecoder().decode(node.asString());
    } catch (IllegalArgumentException e) {
      throw new Refused(400, "malformed");
    }
  }
}
