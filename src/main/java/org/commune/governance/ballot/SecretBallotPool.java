package org.commune.governance.ballot;

import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

  /** A ballot waiting for its batch: who cast it (for the voter row) and the sealed ballot (no link between them is written). */
  record Pending(ProposalId proposal, UUID voter, byte[] sealed, CompletableFuture<Void> written) {}

  private final ProposalRepository proposals;
  private final TransactionTemplate inTransaction;
  private final int batchSize;
  private final Duration batchWait;
  private final int mix;
  private final UnaryOperator<byte[]> reseal;
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
    Pending pending = new Pending(proposal, voter, sealed, new CompletableFuture<>());
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
      pending.written().get(batchWait.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
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
    try {
      inTransaction.executeWithoutResult(status -> refused.putAll(writeBatch(proposal, batch)));
    } catch (RuntimeException failed) {
      log.warn("A batch of {} secret ballots was not written: {}", batch.size(), failed.toString());
      batch.forEach(p -> p.written().completeExceptionally(failed));
      return;
    }
    for (Pending p : batch) {
      InvalidInput refusal = refused.get(p);
      if (refusal == null) {
        p.written().complete(null);
      } else {
        p.written().completeExceptionally(refusal);
      }
    }
  }

  /** The batch's rows, in one transaction; returns the ballots refused (their voters voted already, or the vote closed). */
  private Map<Pending, InvalidInput> writeBatch(ProposalId proposal, List<Pending> batch) {
    Map<Pending, InvalidInput> refused = new HashMap<>();
    if (!proposals.lockPhase(proposal, false).map(ProposalPhase.VOTING::equals).orElse(false)) {
      batch.forEach(p -> refused.put(p, InvalidInput.of("form", "ballot.closed")));
      return refused;
    }
    List<Pending> voters = new ArrayList<>(batch);
    Collections.shuffle(voters, RANDOM);
    Set<UUID> seen = new HashSet<>();
    List<byte[]> ballots = new ArrayList<>();
    for (Pending p : voters) {
      if (!seen.add(p.voter()) || !proposals.insertSecretVoterOnce(proposal, p.voter())) {
        refused.put(p, InvalidInput.of("form", "ballot.twice"));
      } else {
        ballots.add(p.sealed());
      }
    }
    // With a few earlier ballots sealed again: the batch's rows cannot be told from older ones either.
    for (byte[] earlier : proposals.takeSealedBallots(proposal, mix)) {
      ballots.add(reseal.apply(earlier));
    }
    Collections.shuffle(ballots, RANDOM);
    ballots.forEach(sealed -> proposals.insertSealedBallot(proposal, sealed));
    return refused;
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
