package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** QR codes as SVG: one path, no style, no script, the label escaped, and different texts give different codes. */
class QrSvgTest {

  @Test
  void svgIsCspSafeAndDependsOnTheText() {
    String one = QrSvg.of("http://localhost/join/" + "a".repeat(43), "QR <code> \"x\"");
    String other = QrSvg.of("http://localhost/join/" + "b".repeat(43), "QR");
    assertThat(one).startsWith("<svg").endsWith("</svg>").contains("<path d=\"M")
        .doesNotContain("style").doesNotContain("<script").doesNotContain("<code>")
        .contains("aria-label=\"QR &lt;code&gt; &quot;x&quot;\"");
    assertThat(one.substring(one.indexOf("<path"))).isNotEqualTo(other.substring(other.indexOf("<path")));
  }
}
