package org.commune.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * When the database refuses a change because someone else changed the same thing at the same moment
 * (a constraint or a lock), the member gets the "changed meanwhile" page (409), not a server error.
 * Nothing was written: the transaction rolled back.
 */
@ControllerAdvice
class ConflictHandler {

  private static final Logger log = LoggerFactory.getLogger(ConflictHandler.class);

  @ExceptionHandler({DataIntegrityViolationException.class, PessimisticLockingFailureException.class})
  void conflict(RuntimeException e, HttpServletResponse response) throws IOException {
    log.info("A change was refused by the database ({}); answered 409", e.getClass().getSimpleName());
    response.sendError(409);
  }
}
