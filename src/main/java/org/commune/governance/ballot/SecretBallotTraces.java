package org.commune.governance.ballot;

import org.commune.database.WriteAheadLog;
import org.commune.governance.ProposalView;
import org.commune.governance.VoteClosed;
import org.commune.governance.proposal.ProposalRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After a secret vote's close is committed, removes what the database still keeps of the order in
 * which its ballots were written: the deleted sealed rows (a table rewrite, so no dead row or page
 * free space keeps them) and the write-ahead log segments that recorded each batch. From then on the
 * database holds the ballots only as the close rewrote them, all in one transaction, in a random order.
 */
@Component
class SecretBallotTraces {

  private static final Logger log = LoggerFactory.getLogger(SecretBallotTraces.class);

  private final ProposalRepository proposals;
  private final WriteAheadLog writeAheadLog;
  /** Outside the closing transaction (which has committed but still holds its connection): VACUUM and CHECKPOINT refuse to run in one. */
  private final TransactionTemplate withoutTransaction;

  SecretBallotTraces(ProposalRepository proposals, WriteAheadLog writeAheadLog, PlatformTransactionManager transactions) {
    this.proposals = proposals;
    this.writeAheadLog = writeAheadLog;
    this.withoutTransaction = new TransactionTemplate(transactions);
    withoutTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
  }

  @TransactionalEventListener
  void voteClosed(VoteClosed closed) {
    // Never throws: an exception here would keep the listeners after it (the public log) from hearing of the close.
    try {
      if (withoutTransaction.execute(status -> proposals.find(closed.proposal()).map(ProposalView::secret).orElse(false))) {
        sweep();
      }
    } catch (RuntimeException failed) {
      log.warn("Could not remove the traces of a secret vote's batches after its close: {}", failed.toString());
      retry = true;
    }
  }

  /** Set when a sweep failed (a lock held by a backup, a crash before it ran): tried again later. */
  private volatile boolean retry = true;

  /** At every start (a crash may have come between a close and its sweep), and again after a failure. */
  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT20S")
  void sweepIfNeeded() {
    if (!retry) {
      return;
    }
    try {
      sweep();
    } catch (RuntimeException failed) {
      log.warn("Could not remove the traces of secret ballot batches: {}", failed.toString());
    }
  }

  private void sweep() {
    withoutTransaction.executeWithoutResult(status -> {
      proposals.compactSecretBallotTables();
      retry = !writeAheadLog.forgetHistory();
    });
  }
}
