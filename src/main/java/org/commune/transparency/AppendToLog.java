package org.commune.transparency;

import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;

/**
 * Turns every module's public events ({@link PublicFact}) into log entries, knowing no module. Each
 * event is appended at most once (the event id is stored with the entry), so redelivery after a crash
 * is harmless.
 *
 * <p>What goes in is public forever and cannot be taken back: {@link PublicForm} decides what of a fact
 * may be written.
 *
 * <p>The listener runs after the publishing transaction commits, on its own thread, and holds no
 * transaction of its own while the {@link LogWriter} commits the entry together with others.
 * If appending fails, the event publication stays incomplete and is delivered again.
 */
@Component
class AppendToLog {

  private final LogWriter writer;
  private final PublicForm publicForm;

  AppendToLog(LogWriter writer, PublicForm publicForm) {
    this.writer = writer;
    this.publicForm = publicForm;
  }

  /** Every module's public events: one listener, whatever the module. */
  @Async
  @TransactionalEventListener
  void on(PublicFact fact) {
    writer.submit(new NewLogEntry(publicForm.type(fact), fact.at(), publicForm.of(fact), fact.eventId())).join();
  }
}
