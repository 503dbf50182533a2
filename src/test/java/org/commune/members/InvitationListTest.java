package org.commune.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Reading pasted and uploaded invitation lists: what passes, and every refusal with its line. */
class InvitationListTest {

  private static final GroupId CAIRO = new GroupId(UUID.fromString("00000000-0000-0000-0000-00000000ca10"));
  private static final Function<String, Optional<GroupId>> GROUPS =
      name -> name.equals("cairo-branch") || name.equals("فرع القاهرة") ? Optional.of(CAIRO) : Optional.empty();

  @Test
  void readsNamesEmailsAndGroupsWithBomHeaderQuotesAndArabicCommas() {
    String text = "\uFEFFname,email,group\r\n"
        + "Salma Haddad, salma@example.org, cairo-branch\r\n"
        + "\r\n"
        + "\"Haddad, Omar\",,\n"
        + "سلمى الحداد، salma2@example.org، فرع القاهرة\n"
        + "Tarek\n";
    List<InvitationList.Entry> entries = InvitationList.parse(text, GROUPS);
    assertThat(entries).extracting(InvitationList.Entry::name)
        .containsExactly("Salma Haddad", "Haddad, Omar", "سلمى الحداد", "Tarek");
    assertThat(entries.get(0).email()).isEqualTo("salma@example.org");
    assertThat(entries.get(0).group()).isEqualTo(CAIRO);
    assertThat(entries.get(1).email()).isNull();
    assertThat(entries.get(2).group()).isEqualTo(CAIRO);
    assertThat(entries.get(3).line()).isEqualTo(6);
  }

  @Test
  void everyBadLineIsReportedWithItsNumber() {
    String text = "Good Name\n"
        + "=HYPERLINK(\"http://evil.example\",\"click\")\n"
        + "Name, not-an-email\n"
        + "x".repeat(61) + "\n"
        + "Name, a@example.org, no-such-group\n"
        + "\"unclosed, quote\n"
        + "a, b@example.org, cairo-branch, extra\n"
        + " , a@example.org\n"
        + "Safe, @SUM(1)\n";
    assertThatThrownBy(() -> InvitationList.parse(text, GROUPS))
        .isInstanceOfSatisfying(InvalidList.class, invalid -> assertThat(invalid.shown())
            .containsExactly(
                new InvalidList.Problem(2, "invitations.bulk.formula"),
                new InvalidList.Problem(3, "invitations.bulk.email.invalid"),
                new InvalidList.Problem(4, "invitations.bulk.name.long"),
                new InvalidList.Problem(5, "invitations.bulk.group.unknown"),
                new InvalidList.Problem(6, "invitations.bulk.quote"),
                new InvalidList.Problem(7, "invitations.bulk.columns"),
                new InvalidList.Problem(8, "invitations.bulk.name.missing"),
                new InvalidList.Problem(9, "invitations.bulk.formula")));
  }

  @Test
  void aThousandPeoplePassAndOneMoreIsRefusedAsAWhole() {
    StringBuilder thousand = new StringBuilder("name\n");
    for (int i = 0; i < 1000; i++) {
      thousand.append("Person ").append(i).append('\n');
    }
    assertThat(InvitationList.parse(thousand.toString(), GROUPS)).hasSize(1000);
    String tooMany = thousand + "One more\n";
    assertThatThrownBy(() -> InvitationList.parse(tooMany, GROUPS))
        .isInstanceOfSatisfying(InvalidList.class, invalid -> {
          assertThat(invalid.shown()).containsExactly(new InvalidList.Problem(0, "invitations.bulk.too-many"));
          assertThat(invalid.lines()).isEqualTo(1001);
        });
  }

  @Test
  void emptyListsAndControlCharactersAreRefused() {
    assertThatThrownBy(() -> InvitationList.parse("\uFEFF\n  \nname\n", GROUPS))
        .isInstanceOfSatisfying(InvalidList.class, invalid ->
            assertThat(invalid.shown()).containsExactly(new InvalidList.Problem(0, "invitations.bulk.empty")));
    assertThatThrownBy(() -> InvitationList.parse("Bell\u0007Name\n", GROUPS))
        .isInstanceOfSatisfying(InvalidList.class, invalid ->
            assertThat(invalid.shown()).containsExactly(new InvalidList.Problem(1, "invitations.bulk.control")));
  }

  @Test
  void onlyFiftyProblemsAreListedAndTheRestCounted() {
    String text = "=bad\n".repeat(70);
    assertThatThrownBy(() -> InvitationList.parse(text, GROUPS))
        .isInstanceOfSatisfying(InvalidList.class, invalid -> {
          assertThat(invalid.shown()).hasSize(50);
          assertThat(invalid.notShown()).isEqualTo(20);
        });
  }
}
