package org.commune.governance.ballot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalPhase;
import org.commune.governance.proposal.ProposalRepository;
import org.commune.members.InvalidInput;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A secret vote's ballots from the cast to the count: receipts, sealing and batching (see {@link
 * SealedBallots}, {@link SecretBallotPool}), the periodic remix while the vote is open, and the unsealing
 * and shuffling at the close. Which member may cast is decided by {@code Proposals} before this is called.
 */
@Component
public class SecretBallots {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProposalRepository proposals;
  private final SealedBallots sealed;
  private final SecretBallotPool pool;
  private final TransactionTemplate inTransaction;
  /** Per open secret vote, how many had voted at its last remix (in memory: a restart remixes once more). */
  private final Map<ProposalId, Long> remixedAt = new ConcurrentHashMap<>();

  SecretBallots(ProposalRepository proposals, SealedBallots sealed, SecretBallotPool pool,
      PlatformTransactionManager transactions) {
    this.proposals = proposals;
    this.sealed = sealed;
    this.pool = pool;
    this.inTransaction = new TransactionTemplate(transactions);
  }

  /**
   * Seals a checked secret ballot and waits until its batch is committed; returns the voter's receipt.
   * Without the voter's secret (a passkey session, the demo) the receipt is random: shown once.
   */
  public String cast(ProposalId id, UUID voter, String content, byte @Nullable [] voterSecret) {
    String receipt = receipt(id, voterSecret).orElseGet(() -> {
      byte[] nonce = new byte[32];
      RANDOM.nextBytes(nonce);
      return HexFormat.of().formatHex(nonce);
    });
    pool.castAndWait(id, voter, sealed.seal(id, receipt, content));
    return receipt;
  }

  /**
   * Replaces the voter's secret ballot (see {@link SecretBallotPool#changeAndWait}); returns the new
   * receipt. Needs the voter's secret: only it derives the receipts that find the current ballot, so
   * nobody else — no other member, no steward, not the server without the voter's session — can.
   */
  public String change(ProposalId id, UUID voter, String content, byte @Nullable [] voterSecret) {
    if (voterSecret == null) {
      throw InvalidInput.of("password", "ballot.change.secret-needed");
    }
    return pool.changeAndWait(id, voter, content, receiptChain(id, voterSecret));
  }

  /** How many times one voter may change a secret ballot (the receipt chain's length less one). */
  static final int MAX_CHANGES = 50;

  /**
   * The voter's receipts for this vote, one per ballot they may cast: the first as before changes existed,
   * each later one an HMAC of its number under the voter's secret. None can be computed from another
   * (the published receipts of a closed vote form no chain without the secret).
   */
  static List<String> receiptChain(ProposalId id, byte[] voterSecret) {
    List<String> chain = new ArrayList<>();
    chain.add(receipt(id, voterSecret).orElseThrow());
    for (int k = 1; k <= MAX_CHANGES; k++) {
      chain.add(hmac(voterSecret, "commune-receipt\n" + id + "\n" + k));
    }
    return chain;
  }

  /** A voter's current ballot in a secret vote, found by their receipt chain. */
  public record OwnBallot(String receipt, String content) {}

  /**
   * The voter's current ballot and receipt, found by their receipt chain: while the vote is open among
   * the sealed ballots (opened in memory, nothing written), after the close among the counted ones.
   * Empty without the voter's secret, or when they cast with a random receipt.
   */
  public Optional<OwnBallot> own(ProposalId id, byte @Nullable [] voterSecret) {
    if (voterSecret == null) {
      return Optional.empty();
    }
    List<String> chain = receiptChain(id, voterSecret);
    Map<String, String> present = new LinkedHashMap<>();
    for (byte[] stored : proposals.sealedBallots(id)) {
      SealedBallots.Opened opened = sealed.open(stored);
      if (chain.contains(opened.receipt())) {
        present.put(opened.receipt(), opened.content());
      }
    }
    for (ProposalRepository.StoredBallot b : proposals.plainSecretBallots(id)) {
      if (chain.contains(b.receipt())) {
        present.put(b.receipt(), b.content());
      }
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      String content = present.get(chain.get(i));
      if (content != null) {
        return Optional.of(new OwnBallot(chain.get(i), content));
      }
    }
    return Optional.empty();
  }

  /** Writes the ballots of this vote still waiting for their batch (before its close). */
  public void flush(ProposalId id) {
    pool.flush(id);
  }

  /**
   * HMAC-SHA256 of the vote's id under the voter's own secret. Nothing the server stores (database,
   * backup, instance key) can recompute it: the secret comes from the voter's password.
   */
  public static Optional<String> receipt(ProposalId id, byte @Nullable [] voterSecret) {
    if (voterSecret == null) {
      return Optional.empty();
    }
    return Optional.of(hmac(voterSecret, "commune-receipt\n" + id));
  }

  private static String hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every open secret vote that received ballots since the last run has all its sealed ballots sealed
   * again and rewritten in a random order, in one transaction: someone holding the database and the
   * instance key then finds the ballots cast up to that run in one group, and only the last half-minute's
   * in the batches the pool writes (see {@link SecretBallotPool}).
   */
  public void remixAll() {
    Map<ProposalId, Long> open = proposals.openSecretVotes();
    remixedAt.keySet().retainAll(open.keySet());
    open.forEach((id, voted) -> {
      if (!voted.equals(remixedAt.get(id))) {
        inTransaction.executeWithoutResult(status -> remix(id));
        remixedAt.put(id, voted);
      }
    });
  }

  private void remix(ProposalId id) {
    if (proposals.lockPhase(id, false).filter(ProposalPhase.VOTING::equals).isEmpty()) {
      return;
    }
    List<byte[]> all = new ArrayList<>();
    for (byte[] earlier : proposals.takeSealedBallots(id, Integer.MAX_VALUE)) {
      all.add(sealed.reseal(earlier));
    }
    Collections.shuffle(all, RANDOM);
    all.forEach(ballot -> proposals.insertSealedBallot(id, ballot));
  }

  /**
   * Opens every sealed ballot of a closing vote and writes all its secret ballots again, in a random
   * order, in this one transaction: afterwards they share one transaction id, and neither physical order
   * nor any column says which came when. The sealed rows and the receipt key are deleted.
   */
  public void unsealAndShuffle(ProposalId id) {
    Map<String, String> byReceipt = new LinkedHashMap<>();
    for (ProposalRepository.StoredBallot b : proposals.plainSecretBallots(id)) {
      byReceipt.putIfAbsent(b.receipt(), b.content());
    }
    for (byte[] stored : proposals.sealedBallots(id)) {
      SealedBallots.Opened opened = sealed.open(stored);
      if (!id.toString().equals(opened.proposal())) {
        throw new IllegalStateException("A sealed ballot of another vote was found with vote " + id);
      }
      byReceipt.putIfAbsent(opened.receipt(), opened.content());
    }
    List<Map.Entry<String, String>> shuffled = new ArrayList<>(byReceipt.entrySet());
    Collections.shuffle(shuffled, RANDOM);
    proposals.clearSecretBallots(id);
    for (Map.Entry<String, String> ballot : shuffled) {
      proposals.insertSecretBallot(id, ballot.getKey(), ballot.getValue());
    }
  }
}
