package org.commune.members;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.jspecify.annotations.Nullable;

/**
 * A secret only the member can bring: derived from their password (Argon2id, salted with their id)
 * when they sign in with it, and kept in their session's memory, never stored. Secret-ballot
 * receipts are derived from it, so that the voter can get their receipt again while the vote is open
 * (a crash may have lost the page that showed it), while whoever holds the database, a backup and
 * the instance key still cannot recompute anyone's receipt — they would need the member's password,
 * and guessing it costs an Argon2id run per guess, as cracking the stored password hash does.
 *
 * <p>Sessions begun with a passkey carry no such secret: their receipts are random and shown once.
 * After a password change, receipts of votes cast before it can no longer be derived again.
 */
public final class BallotSecret {

  private static final String ATTRIBUTE = BallotSecret.class.getName();

  private BallotSecret() {}

  /** Derives the secret after a successful password sign-in and keeps it in the (new) session. */
  static void remember(HttpServletRequest request, MemberId member, @Nullable String password) {
    if (password == null || password.isEmpty()) {
      return;
    }
    request.getSession().setAttribute(ATTRIBUTE, derive(member, password));
  }

  static byte[] derive(MemberId member, String password) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withSalt(("commune-ballot-receipts\n" + member.value()).getBytes(StandardCharsets.UTF_8))
        .withIterations(2).withMemoryAsKB(19_456).withParallelism(1).build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] secret = new byte[32];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), secret);
    return secret;
  }

  /** The secret of the member signed in on this request, or null (passkey session, or none). */
  public static byte @Nullable [] of(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null && session.getAttribute(ATTRIBUTE) instanceof byte[] secret ? secret.clone() : null;
  }
}
