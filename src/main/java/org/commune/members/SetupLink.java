package org.commune.members;

import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The one-time link that lets whoever started the server set up the organisation: there are no
 * default passwords. The link is printed on the console (not to the log files) and changes with
 * every start until set-up is done.
 */
@Component
public class SetupLink {

  private final Organisation organisation;
  private final String publicUrl;
  private final AtomicReference<byte[]> tokenHash = new AtomicReference<>();
  private volatile String token = "";

  SetupLink(Organisation organisation, @Value("${commune.public-url}") String publicUrl) {
    this.organisation = organisation;
    this.publicUrl = publicUrl;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(100)
  void printWhenNeeded() {
    if (organisation.isSetUp()) {
      return;
    }
    token = Tokens.newToken();
    tokenHash.set(Tokens.hash(token));
    System.out.println();
    System.out.println("  Commune is running but not set up yet. Open this link to set it up (it works once):");
    System.out.println("  " + link());
    System.out.println();
  }

  /** The link to print; empty once set up. */
  public String link() {
    return token.isEmpty() ? "" : publicUrl + "/setup?token=" + token;
  }

  /** For tests and the demo: the current token. */
  public String token() {
    return token;
  }

  public boolean matches(String candidate) {
    byte[] expected = tokenHash.get();
    return expected != null
        && Tokens.wellFormed(candidate)
        && MessageDigest.isEqual(expected, Tokens.hash(candidate));
  }

  /** Set-up is done: the link stops working. */
  public void spend() {
    tokenHash.set(null);
    token = "";
  }
}
