package org.commune.web;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The one way Commune writes CSV, for people who open it in a spreadsheet program (Excel, LibreOffice,
 * Numbers, Google Sheets) with Arabic names and options in it:
 *
 * <ul>
 *   <li>RFC 4180: comma-separated, CRLF line ends, a cell with a comma, quote or line break in double
 *       quotes (quotes doubled);
 *   <li>UTF-8 with a byte order mark by default: without it Excel reads the bytes as the system's code
 *       page and Arabic comes out scrambled. {@code ?bom=0} leaves it out, for programs that read the
 *       bytes themselves;
 *   <li>formula injection neutralised (OWASP): a text cell that starts with {@code = + - @}, a tab or a
 *       carriage return gets a leading apostrophe, so a member's option "=HYPERLINK(…)" is shown, never
 *       run. Numbers (given as numbers, or a plain negative number as text) stay numbers;
 *   <li>moments in UTC, ISO 8601 ({@code 2026-11-28T10:15:30Z}), whatever the reader's time zone.
 * </ul>
 *
 * <p>The download answer carries {@code Content-Type: text/csv; charset=UTF-8} and a
 * {@code Content-Disposition} with an ASCII fallback name and the exact UTF-8 name (RFC 6266, RFC 5987).
 */
public final class Csv {

  /** UTF-8's byte order mark, which tells spreadsheet programs the file is UTF-8. */
  public static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  public static final MediaType TYPE = new MediaType("text", "csv", StandardCharsets.UTF_8);

  /** First characters a spreadsheet program takes as the start of a formula (or that hide one). */
  private static final String FORMULA_START = "=+-@\t\r";

  /** A plain number written as text ("-3", "2.5"): a number to a spreadsheet, never a formula. */
  private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  private final StringBuilder out = new StringBuilder();

  private Csv() {}

  /** A CSV whose first row is this header. */
  public static Csv withHeader(String... header) {
    return new Csv().row(Arrays.asList((Object[]) header));
  }

  /** A CSV whose first row is this header. */
  public static Csv withHeader(List<String> header) {
    return new Csv().row(header);
  }

  public Csv row(@Nullable Object... cells) {
    return row(Arrays.asList(cells));
  }

  /** Adds one row; a null cell is empty. */
  public Csv row(List<? extends @Nullable Object> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
    return this;
  }

  /** The rows as text (no byte order mark). */
  public String text() {
    return out.toString();
  }

  /** The file's bytes: UTF-8, with the byte order mark first unless {@code bom} is false. */
  public byte[] bytes(boolean bom) {
    byte[] text = text().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length + BOM.length);
    if (bom) {
      bytes.writeBytes(BOM);
    }
    bytes.writeBytes(text);
    return bytes.toByteArray();
  }

  /**
   * The answer to a download: the file named {@code filename} (any characters; ".csv" is added when
   * missing), with a byte order mark unless the request said {@code bom=0}.
   *
   * @param bom the request's {@code bom} parameter, or null when it has none
   */
  public ResponseEntity<byte[]> download(String filename, @Nullable String bom) {
    String name = filename.endsWith(".csv") ? filename : filename + ".csv";
    return ResponseEntity.ok()
        .contentType(TYPE)
        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(name))
        .body(bytes(withBom(bom)));
  }

  /** Whether a download carries the byte order mark: yes, unless asked for without ({@code 0}, {@code false}, {@code no}). */
  public static boolean withBom(@Nullable String parameter) {
    return parameter == null || !List.of("0", "false", "no").contains(parameter.strip());
  }

  /**
   * {@code attachment} with the name twice (RFC 6266): {@code filename} in ASCII for old clients (other
   * characters become "_") and {@code filename*} with the exact name, UTF-8 percent-encoded (RFC 5987).
   */
  public static String attachment(String filename) {
    StringBuilder ascii = new StringBuilder();
    filename.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%'
        ? (char) c : '_'));
    // URLEncoder writes form encoding: a space is "+" there and "%20" in RFC 5987; "*" must be encoded too.
    String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }

  /** One cell, neutralised and quoted as needed. */
  static String cell(@Nullable Object value) {
    String text = switch (value) {
      case null -> "";
      case Number number -> number.toString();
      case Instant at -> DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
      case OffsetDateTime at -> cell(at.toInstant());
      case ZonedDateTime at -> cell(at.toInstant());
      default -> neutralised(value.toString());
    };
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  private static String neutralised(String text) {
    if (!text.isEmpty() && FORMULA_START.indexOf(text.charAt(0)) >= 0 && !PLAIN_NUMBER.matcher(text).matches()) {
      return "'" + text;
    }
    return text;
  }
}
