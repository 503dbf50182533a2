package org.commune.governance.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What counts as an @mention in a comment. */
class MentionsTest {

  @Test
  void usernamesAfterAnAtSignInAnyLanguage() {
    assertThat(Mentions.in("Thanks @nour and @Salma. / شكرًا @karim، @hassan")).containsExactly("nour", "salma", "karim",
        "hassan");
  }

  @Test
  void addressesShortNamesAndRepeatsAreNoMentions() {
    assertThat(Mentions.in("write to nour@example.org or @ab, @@x")).isEmpty();
    assertThat(Mentions.in("@nour @nour @NOUR")).containsExactly("nour");
  }

  @Test
  void aSentenceEndingDotIsNotPartOfTheName() {
    assertThat(Mentions.in("Ask @amina.")).containsExactly("amina");
    assertThat(Mentions.in("Ask @ab.")).isEmpty();
  }
}
