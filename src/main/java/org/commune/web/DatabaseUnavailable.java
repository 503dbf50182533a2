package org.commune.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * When the database cannot be reached (stopped, restarting, out of connections), the visitor gets a
 * quick "database unavailable, try again in a moment" page (503) in their language, not a server
 * error: nothing they did was wrong, and nothing was half-saved.
 */
@ControllerAdvice
class DatabaseUnavailable {

  private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

  /** Request attribute: the error page explains the database, not a generic failure. */
  static final String ATTRIBUTE = DatabaseUnavailable.class.getName();

  /** SQLSTATEs of a server shutting down, crashed, or not yet accepting connections. */
  private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03");

  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    TransientDataAccessResourceException.class,
    CannotCreateTransactionException.class
  })
  void unavailable(RuntimeException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!isCause(e)) {
      throw e;
    }
    log.warn("The database is unavailable ({}); answered 503", e.getClass().getSimpleName());
    request.setAttribute(ATTRIBUTE, true);
    response.setHeader("Retry-After", "5");
    response.sendError(503);
  }

  /** Whether the error comes from a database that cannot be reached, rather than from a bug. */
  static boolean isCause(@Nullable Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof DataAccessResourceFailureException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || SERVER_GONE.contains(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
