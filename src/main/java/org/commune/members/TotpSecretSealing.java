package org.commune.members;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The start-up step that seals TOTP secrets left in plain form by a release before sealing (the
 * migration V20261128_0500 can add the marker column, but only the application holds the key).
 * It runs before the web server takes requests, so no sign-in ever sees a half-converted table.
 */
@Component
class TotpSecretSealing implements InitializingBean {

  private static final Logger LOG = LoggerFactory.getLogger(TotpSecretSealing.class);

  private final MemberRepository members;
  private final TransactionTemplate transactions;

  TotpSecretSealing(MemberRepository members, TransactionTemplate transactions) {
    this.members = members;
    this.transactions = transactions;
  }

  @Override
  public void afterPropertiesSet() {
    Integer sealed = transactions.execute(status -> members.sealPlainTotpSecrets());
    if (sealed != null && sealed > 0) {
      LOG.info("Sealed {} TOTP secret(s) stored in plain form by an earlier release", sealed);
    }
  }
}
