package org.commune.governance;

import java.util.Optional;

/** The methods a proposal can be decided by (more come with the constitution). */
public enum VotingMethod {
  MAJORITY("majority", false),
  SUPERMAJORITY("supermajority", false),
  APPROVAL("approval", true),
  SCHULZE("schulze", true),
  IRV("irv", true);

  private final String code;
  private final boolean hasOptions;

  VotingMethod(String code, boolean hasOptions) {
    this.code = code;
    this.hasOptions = hasOptions;
  }

  public String code() {
    return code;
  }

  /** True when members choose among options; false for a yes/no decision. */
  public boolean hasOptions() {
    return hasOptions;
  }

  public boolean ranked() {
    return this == SCHULZE || this == IRV;
  }

  public static Optional<VotingMethod> fromCode(String code) {
    for (VotingMethod method : values()) {
      if (method.code.equals(code)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }
}
