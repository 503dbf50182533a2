package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {

  @Test
  void mentionsBecomeLeftToRightIslandsInArabicText() {
    assertThat(Markdown.html("شكرًا @salma على التقرير"))
        .isEqualTo("<p>شكرًا <bdi dir=\"ltr\">@salma</bdi> على التقرير</p>\n");
  }

  @Test
  void emailAddressesLinksAndMarkupAreLeftAlone() {
    assertThat(Markdown.html("write to amina@example.org")).doesNotContain("<bdi");
    assertThat(Markdown.html("[profile](https://example.org/@salma)"))
        .contains("href=\"https://example.org/&#64;salma\"").doesNotContain("<bdi");
    assertThat(Markdown.html("<script>@x</script> @karim")).doesNotContain("<script").contains("<bdi dir=\"ltr\">@karim</bdi>");
  }
}
