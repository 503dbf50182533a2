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
  private final Map<ProposalId, List<Pending>> waiting = new HashMap<>();
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
      List<Pending> batch = waiting.computeIfAbsent(proposal, p -> new ArrayList<>());
      batch.add(pending);
      if (batch.size() >= batchSize) {
        writer.execute(() -> write(proposal));
      } else if (batch.size() == 1) {
        writer.schedule(() -> write(proposal), batchWait.toMillis(), TimeUnit.MILLISECONDS);
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
      writer.submit(() -> write(proposal)).get();
    } catch (ExecutionException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("Writing the waiting secret ballots of a vote before its close failed: {}", e.toString());
    }
  }

  private void write(ProposalId proposal) {
    List<Pending> batch;
    synchronized (waiting) {
      batch = waiting.remove(proposal);
    }
    if (batch == null || batch.isEmpty()) {
      return;
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

  /** Writes every waiting batch before the application stops (requests still waiting get their answer). */
  @PreDestroy
  void stop() throws InterruptedException {
    List<ProposalId> open;
    synchronized (waiting) {
      open = new ArrayList<>(waiting.keySet());
    }
    open.forEach(id -> writer.execute(() -> write(id)));
    writer.shutdown();
    writer.awaitTermination(30, TimeUnit.SECONDS);
  }
}
