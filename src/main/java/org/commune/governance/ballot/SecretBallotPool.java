package org.commune.governance.ballot;

import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalPhase;
import org.commune.governance.proposal.ProposalRepository;
import org.commune.members.InvalidInput;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes secret ballots in batches: the voter rows and the sealed ballots of several voters go into
 * the database together, in one transaction, each list in a random order. Someone who reads the
 * write-ahead log (pg_walinspect) or the rows' transaction ids — even holding the instance key that
 * opens the sealed ballots — then finds a group of voters and the same number of ballots, never one
 * voter's transaction with one ballot.
 *
 * <p>A cast waits until its batch is committed before it is acknowledged, so an acknowledged ballot is
 * durable and a crash before the commit leaves neither the voter row nor the ballot (the voter can cast
 * again). A batch is written when it holds {@code commune.voting.secret-batch-size} ballots of one vote,
 * or when its first ballot has waited {@code commune.voting.secret-batch-wait}; the group is as large as
 * the number of members who vote within that wait (one, when nobody else votes then: documented in
 * docs/voting.md). One thread writes every batch, one after another, so two batches never race for the
 * same voter.
 */
@Component
public class SecretBallotPool {

  private static final Logger log = LoggerFactory.getLogger(SecretBallotPool.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** How long a cast may wait for its batch beyond the batch wait before the voter is told to check. */
  private static final Duration GRACE = Duration.ofSeconds(60);

  /**
   * A ballot waiting for its batch: who cast it (for the voter row) and the sealed ballot (no link between
   * them is written). A change instead carries the new content and the voter's receipt chain (see
   * {@link SecretBallots#receiptChain}); it is sealed under the next receipt when its batch is written,
   * and completes with that receipt.
   */
  record Pending(ProposalId proposal, UUID voter, byte @Nullable [] sealed, @Nullable String content,
      List<String> chain, CompletableFuture<@Nullable String> written) {

    boolean change() {
      return content != null;
    }
  }

  private final ProposalRepository proposals;
  private final TransactionTemplate inTransaction;
  private final int batchSize;
  private final Duration batchWait;
  private final int mix;
  private final UnaryOperator<byte[]> reseal;
  private final SealedBallots sealer;
  /** The batch filling now for each vote; a batch leaves this map when it is taken for writing. */
  private final Map<ProposalId, List<Pending>> waiting = new HashMap<>();
  /** Set when the application begins to stop: every cast is written at once from then on. */
  private boolean stopping;
  private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, runnable -> {
    Thread thread = new Thread(runnable, "secret-ballot-batches");
    thread.setDaemon(true);
    return thread;
  });

  SecretBallotPool(ProposalRepository proposals, PlatformTransactionManager transactions, SealedBallots sealed,
      @Value("${commune.voting.secret-batch-size:8}") int batchSize,
      @Value("${commune.voting.secret-batch-wait:PT10S}") Duration batchWait) {
    if (batchSize < 1 || batchWait.isNegative()) {
      throw new IllegalArgumentException("commune.voting.secret-batch-size must be at least 1 and the wait not negative");
    }
    this.proposals = proposals;
    this.inTransaction = new TransactionTemplate(transactions);
    this.batchSize = batchSize;
    this.batchWait = batchWait;
    this.mix = SealedBallots.MIX;
    this.reseal = sealed::reseal;
    this.sealer = sealed;
    // At shutdown the waiting batches are written at once; their timers need not fire.
    writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** The settings, for the ballot page ("sealed with others: up to … seconds"). */
  Duration batchWait() {
    return batchWait;
  }

  /**
   * Adds a sealed ballot to its vote's batch and waits until the batch is committed. Throws
   * {@link InvalidInput} "ballot.twice" when the voter voted meanwhile, "ballot.closed" when the vote
   * closed first; nothing of this ballot is stored then.
   */
  public void castAndWait(ProposalId proposal, UUID voter, byte[] sealed) {
    enqueueAndWait(new Pending(proposal, voter, sealed, null, List.of(), new CompletableFuture<>()));
  }

  /**
   * Replaces the voter's current secret ballot by one with this content, in a batch with other voters'
   * ballots, and waits until the batch is committed; returns the new receipt. The current ballot is the
   * one whose receipt is the last of {@code chain} present among the vote's sealed ballots; the new one
   * gets the next receipt of the chain. The batch writes no row naming the voter, and seals every sealed
   * ballot of the vote again in a new random order, so no row survives that could tell which one was
   * replaced. Refused: "ballot.change.not-found" when none of the chain is present (a ballot cast without
   * the voter's password, or before changes existed), "ballot.change.too-many" at the chain's end,
   * "ballot.closed" once the vote closed.
   */
  public String changeAndWait(ProposalId proposal, UUID voter, String content, List<String> chain) {
    return Objects.requireNonNull(enqueueAndWait(new Pending(proposal, voter, null, content, List.copyOf(chain),
        new CompletableFuture<>())));
  }

  private @Nullable String enqueueAndWait(Pending pending) {
    ProposalId proposal = pending.proposal();
    UUID voter = pending.voter();
    synchronized (waiting) {
      List<Pending> batch = waiting.get(proposal);
      if (batch == null) {
        batch = new ArrayList<>();
        waiting.put(proposal, batch);
        // This batch's own timer: it writes this batch, never a younger one that replaced it.
        List<Pending> mine = batch;
        writer.schedule(() -> write(proposal, mine), batchWait.toMillis(), TimeUnit.MILLISECONDS);
      }
      // One place per voter: a member posting the same ballot many times cannot fill a batch alone
      // and so have another voter's ballot written with theirs only.
      if (batch.stream().anyMatch(p -> p.voter().equals(voter))) {
        throw InvalidInput.of("form", "ballot.twice");
      }
      batch.add(pending);
      if (batch.size() >= batchSize || stopping) {
        List<Pending> full = batch;
        writer.execute(() -> write(proposal, full));
      }
    }
    try {
      return pending.written().get(batchWait.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof InvalidInput invalid) {
        throw invalid;
      }
      throw new IllegalStateException("A batch of secret ballots could not be written", failed.getCause());
    } catch (TimeoutException slow) {
      // Not acknowledged: it may still be written. Casting again says "already voted" if it was.
      throw InvalidInput.of("form", "ballot.pending");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw InvalidInput.of("form", "ballot.pending");
    }
  }

  /** Writes whatever waits for this vote now (before it closes; ballots cast later are refused). */
  public void flush(ProposalId proposal) {
    try {
      List<Pending> batch;
      synchronized (waiting) {
        batch = waiting.get(proposal);
      }
      if (batch != null) {
        writer.submit(() -> write(proposal, batch)).get();
      }
    } catch (ExecutionException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("Writing the waiting secret ballots of a vote before its close failed: {}", e.toString());
    }
  }

  /** Writes this batch, if it has not been written yet (its size, its timer or a close may come first). */
  private void write(ProposalId proposal, List<Pending> batch) {
    synchronized (waiting) {
      if (waiting.get(proposal) != batch) {
        return;
      }
      waiting.remove(proposal);
    }
    Map<Pending, InvalidInput> refused = new HashMap<>();
    Map<Pending, String> receipts = new HashMap<>();
    try {
      inTransaction.executeWithoutResult(status -> refused.putAll(writeBatch(proposal, batch, receipts)));
    } catch (RuntimeException failed) {
      log.warn("A batch of {} secret ballots was not written: {}", batch.size(), failed.toString());
      batch.forEach(p -> p.written().completeExceptionally(failed));
      return;
    }
    for (Pending p : batch) {
      InvalidInput refusal = refused.get(p);
      if (refusal == null) {
        p.written().complete(receipts.get(p));
      } else {
        p.written().completeExceptionally(refusal);
      }
    }
  }

  /** The batch's rows, in one transaction; returns the ballots refused (their voters voted already, or the vote closed). */
  private Map<Pending, InvalidInput> writeBatch(ProposalId proposal, List<Pending> batch, Map<Pending, String> receipts) {
    Map<Pending, InvalidInput> refused = new HashMap<>();
    boolean changes = batch.stream().anyMatch(Pending::change);
    // A batch that replaces ballots reads all of the vote's sealed ballots: it holds the vote's row
    // exclusively, so that no remix moves them meanwhile (the close holds it too, so none is lost).
    if (!proposals.lockPhase(proposal, changes).map(ProposalPhase.VOTING::equals).orElse(false)) {
      batch.forEach(p -> refused.put(p, InvalidInput.of("form", "ballot.closed")));
      return refused;
    }
    List<Pending> voters = new ArrayList<>(batch);
    Collections.shuffle(voters, RANDOM);
    Set<UUID> seen = new HashSet<>();
    List<byte[]> ballots = new ArrayList<>();
    for (Pending p : voters) {
      if (p.change()) {
        continue;
      }
      if (!seen.add(p.voter()) || !proposals.insertSecretVoterOnce(proposal, p.voter())) {
        refused.put(p, InvalidInput.of("form", "ballot.twice"));
      } else {
        ballots.add(Objects.requireNonNull(p.sealed()));
      }
    }
    if (changes) {
      ballots.addAll(replaceAll(proposal, voters, refused, receipts));
    } else {
      // With a few earlier ballots sealed again: the batch's rows cannot be told from older ones either.
      for (byte[] earlier : proposals.takeSealedBallots(proposal, mix)) {
        ballots.add(reseal.apply(earlier));
      }
    }
    Collections.shuffle(ballots, RANDOM);
    ballots.forEach(sealed -> proposals.insertSealedBallot(proposal, sealed));
    return refused;
  }

  /**
   * Takes every sealed ballot of the vote, replaces each changing voter's current ballot by their new one
   * (sealed under the next receipt of their chain), and returns all of them sealed again: the rows written
   * back share nothing with the rows taken, so nobody reading the table before and after can tell which
   * ballot was replaced. The voters themselves are written nowhere.
   */
  private List<byte[]> replaceAll(ProposalId proposal, List<Pending> batch, Map<Pending, InvalidInput> refused,
      Map<Pending, String> receipts) {
    Map<String, SealedBallots.Opened> byReceipt = new LinkedHashMap<>();
    for (byte[] stored : proposals.takeSealedBallots(proposal, Integer.MAX_VALUE)) {
      SealedBallots.Opened opened = sealer.open(stored);
      byReceipt.put(opened.receipt(), opened);
    }
    for (Pending p : batch) {
      if (!p.change()) {
        continue;
      }
      if (!proposals.hasVoted(proposal, p.voter())) {
        refused.put(p, InvalidInput.of("form", "ballot.change.none"));
        continue;
      }
      int current = -1;
      for (int i = 0; i < p.chain().size(); i++) {
        if (byReceipt.containsKey(p.chain().get(i))) {
          current = i;
        }
      }
      if (current < 0) {
        refused.put(p, InvalidInput.of("form", "ballot.change.not-found"));
      } else if (current + 1 >= p.chain().size()) {
        refused.put(p, InvalidInput.of("form", "ballot.change.too-many"));
      } else {
        String next = p.chain().get(current + 1);
        byReceipt.remove(p.chain().get(current));
        byReceipt.put(next, new SealedBallots.Opened(proposal.toString(), next, Objects.requireNonNull(p.content())));
        receipts.put(p, next);
      }
    }
    List<byte[]> all = new ArrayList<>();
    byReceipt.values().forEach(o -> all.add(sealer.seal(proposal, o.receipt(), o.content())));
    return all;
  }

  /**
   * When the application begins to stop — before the web server's graceful shutdown waits for open
   * requests — every waiting batch is written, so each voter still waiting gets their answer (a batch
   * wait longer than the shutdown's grace period would otherwise store ballots no voter was told of).
   */
  @EventListener(ContextClosedEvent.class)
  void writeEverythingNow() {
    Map<ProposalId, List<Pending>> all;
    synchronized (waiting) {
      stopping = true;
      all = new HashMap<>(waiting);
    }
    all.forEach((proposal, batch) -> writer.execute(() -> write(proposal, batch)));
  }

  @PreDestroy
  void stop() throws InterruptedException {
    writeEverythingNow();
    writer.shutdown();
    writer.awaitTermination(30, TimeUnit.SECONDS);
  }
}
