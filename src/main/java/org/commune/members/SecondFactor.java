package org.commune.members;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/** Checks the second factor at sign-in: a TOTP code (never the same step twice) or a recovery code. */
@Component
class SecondFactor {

  static final int RECOVERY_CODES = 10;

  private final MemberRepository members;
  private final RecoveryCodeRepository recoveryCodes;
  private final Clock clock;

  SecondFactor(MemberRepository members, RecoveryCodeRepository recoveryCodes, Clock clock) {
    this.members = members;
    this.recoveryCodes = recoveryCodes;
    this.clock = clock;
  }

  boolean verify(MemberRecord member, String code) {
    if (member.totpSecret() == null || code == null) {
      return false;
    }
    String trimmed = code.strip().replace(" ", "");
    OptionalLong step = TotpCodes.matchingStep(member.totpSecret(), trimmed, clock.instant());
    if (step.isPresent()) {
      return members.useTotpStep(member.id(), step.getAsLong());
    }
    String normalised = normaliseRecoveryCode(trimmed);
    return !normalised.isEmpty() && recoveryCodes.use(member.id(), Tokens.hash(normalised));
  }

  /** Makes fresh recovery codes, stores their hashes, and returns them once for the member to keep. */
  List<String> newRecoveryCodes(MemberId member) {
    List<String> codes = new ArrayList<>();
    List<byte[]> hashes = new ArrayList<>();
    for (int i = 0; i < RECOVERY_CODES; i++) {
      String raw = Base32.encode(Tokens.randomBytes(7)).substring(0, 10).toLowerCase(Locale.ROOT);
      String shown = raw.substring(0, 5) + "-" + raw.substring(5);
      codes.add(shown);
      hashes.add(Tokens.hash(normaliseRecoveryCode(shown)));
    }
    recoveryCodes.replace(member, hashes);
    return codes;
  }

  static String normaliseRecoveryCode(String code) {
    String s = code.toLowerCase(Locale.ROOT).replace("-", "");
    return s.matches("[a-z2-7]{10}") ? s : "";
  }
}
