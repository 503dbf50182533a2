package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FormatsTest {

  private static final Instant AT = Instant.parse("2026-11-28T11:05:00Z");

  @Test
  void writesMomentsInTheReadersZoneAndUtcOnRequest() {
    Formats cairo = new Formats("en", ZoneId.of("Africa/Cairo"), false);
    assertThat(cairo.when(AT)).isEqualTo("28 Nov 2026, 13:05");
    assertThat(cairo.utc(AT)).isEqualTo("2026-11-28 11:05 UTC");
    assertThat(cairo.iso(AT)).isEqualTo("2026-11-28T11:05:00Z");
  }

  @Test
  void arabicPagesUseArabicMonthsAndTheOrganisationsDigits() {
    Formats latin = new Formats("ar", ZoneOffset.UTC, false);
    Formats indic = new Formats("ar", ZoneOffset.UTC, true);
    assertThat(latin.when(AT)).contains("نوفمبر").contains("2026").doesNotContain("٢");
    assertThat(indic.when(AT)).contains("نوفمبر").contains("٢٠٢٦").doesNotContain("2026");
    assertThat(indic.number(1234)).doesNotContainPattern("[0-9]").contains("١");
    assertThat(latin.number(1234)).containsPattern("1.?234");
    assertThat(indic.digits("3/5")).isEqualTo("٣/٥");
    assertThat(indic.digits("2.50")).isEqualTo("٢٫٥٠");
    assertThat(indic.digits("./commune 2.")).isEqualTo("./commune ٢.");
    assertThat(indic.iso(AT)).isEqualTo("2026-11-28T11:05:00Z");
  }

  @Test
  void anUnknownOrMissingZoneFallsBackWithoutFailing() {
    assertThat(Formats.zone("Mars/Olympus", "Asia/Beirut")).isEqualTo(ZoneId.of("Asia/Beirut"));
    assertThat(Formats.zone(null, "nonsense")).isEqualTo(ZoneOffset.UTC);
    assertThat(Formats.zone("Europe/Berlin", "Asia/Beirut")).isEqualTo(ZoneId.of("Europe/Berlin"));
  }

  @Test
  void durationsNameTheTwoLargestUnits() {
    Texts texts = new Texts(new org.springframework.context.support.StaticMessageSource() {{
      for (String form : java.util.List.of("one", "other")) {
        addMessage("duration.days." + form, java.util.Locale.ENGLISH, "{0} d");
        addMessage("duration.hours." + form, java.util.Locale.ENGLISH, "{0} h");
        addMessage("duration.minutes." + form, java.util.Locale.ENGLISH, "{0} min");
      }
    }}, java.util.Locale.ENGLISH);
    Formats f = new Formats("en", ZoneOffset.UTC, false);
    assertThat(f.duration(Duration.ofMinutes(10), texts)).isEqualTo("10 min");
    assertThat(f.duration(Duration.ofHours(26).plusMinutes(5), texts)).isEqualTo("1 d 2 h");
    assertThat(f.duration(Duration.ofSeconds(5), texts)).isEqualTo("1 min");
  }

  @Test
  void arabicCountsTakeTheirPluralForm() {
    Formats ar = new Formats("ar", ZoneOffset.UTC, true);
    assertThat(java.util.stream.LongStream.of(0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)
        .mapToObj(ar::plural).toList())
        .containsExactly("zero", "one", "two", "few", "few", "many", "many", "other", "other", "few", "many");
    assertThat(new Formats("en", ZoneOffset.UTC, false).plural(1)).isEqualTo("one");
    assertThat(new Formats("en", ZoneOffset.UTC, false).plural(2)).isEqualTo("other");
  }
}
