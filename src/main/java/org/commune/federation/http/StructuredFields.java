package org.commune.federation.http;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of RFC 8941 (Structured Field Values) that RFC 9421 signatures and RFC 9530 digests use:
 * dictionaries whose members are items or inner lists, with parameters. Strict: anything else is an
 * {@link IllegalArgumentException}, which callers turn into a refusal code.
 */
final class StructuredFields {

  /** A bare item (Long, String, Token, byte[], Boolean, or Decimal as a String) with its parameters. */
  record Item(Object value, Map<String, Object> parameters) {}

  /** A member is an {@link Item} or an inner list of them, each with parameters. */
  record InnerList(List<Item> items, Map<String, Object> parameters) {}

  /** An sf-token, kept apart from an sf-string so that serialising gives back the same text. */
  record Token(String text) {}

  private final String text;
  private int at;

  private StructuredFields(String text) {
    this.text = text;
  }

  /** An RFC 8941 dictionary; a repeated key keeps the last value, as the RFC says. */
  static Map<String, Object> dictionary(String header) {
    StructuredFields parser = new StructuredFields(header);
    Map<String, Object> members = new LinkedHashMap<>();
    parser.spaces();
    if (parser.done()) {
      return members;
    }
    while (true) {
      String key = parser.key();
      Object member;
      if (parser.peek() == '=') {
        parser.at++;
        member = parser.peek() == '(' ? parser.innerList() : parser.item();
      } else {
        member = new Item(Boolean.TRUE, parser.parameters());
      }
      members.put(key, member);
      parser.optionalWhitespace();
      if (parser.done()) {
        return members;
      }
      parser.expect(',');
      parser.optionalWhitespace();
      if (parser.done()) {
        throw new IllegalArgumentException("a trailing comma");
      }
    }
  }

  /** The canonical serialisation of an inner list with its parameters (RFC 8941 §4.1.1.1). */
  static String serialise(InnerList list) {
    StringBuilder out = new StringBuilder("(");
    for (Item item : list.items()) {
      if (out.length() > 1) {
        out.append(' ');
      }
      bare(out, item.value());
      parameters(out, item.parameters());
    }
    out.append(')');
    parameters(out, list.parameters());
    return out.toString();
  }

  static String string(String value) {
    StringBuilder out = new StringBuilder();
    bare(out, value);
    return out.toString();
  }

  private static void parameters(StringBuilder out, Map<String, Object> parameters) {
    parameters.forEach((key, value) -> {
      out.append(';').append(key);
      if (!Boolean.TRUE.equals(value)) {
        out.append('=');
        bare(out, value);
      }
    });
  }

  private static void bare(StringBuilder out, Object value) {
    switch (value) {
      case Long number -> out.append(number);
      case Boolean bool -> out.append(bool ? "?1" : "?0");
      case Token token -> out.append(token.text());
      case byte[] bytes -> out.append(':').append(Base64.getEncoder().encodeToString(bytes)).append(':');
      case String string -> out.append('"').append(string.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      default -> throw new IllegalArgumentException("not a bare item");
    }
  }

  private InnerList innerList() {
    expect('(');
    List<Item> items = new ArrayList<>();
    while (true) {
      spaces();
      if (peek() == ')') {
        at++;
        return new InnerList(items, parameters());
      }
      items.add(item());
      char next = peek();
      if (next != ' ' && next != ')') {
        throw new IllegalArgumentException("an inner list's items are separated by spaces");
      }
    }
  }

  private Item item() {
    return new Item(bareItem(), parameters());
  }

  private Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    while (peek() == ';') {
      at++;
      spaces();
      String key = key();
      Object value = Boolean.TRUE;
      if (peek() == '=') {
        at++;
        value = bareItem();
      }
      parameters.put(key, value);
    }
    return parameters;
  }

  private Object bareItem() {
    char c = peek();
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    }
    if (c == '"') {
      return sfString();
    }
    if (c == ':') {
      return bytes();
    }
    if (c == '?') {
      at++;
      char value = next();
      if (value != '0' && value != '1') {
        throw new IllegalArgumentException("not a boolean");
      }
      return value == '1';
    }
    if (c == '*' || Character.isLetter(c) && c < 128) {
      int start = at;
      while (!done() && isTokenChar(text.charAt(at))) {
        at++;
      }
      return new Token(text.substring(start, at));
    }
    throw new IllegalArgumentException("not a bare item");
  }

  private Object number() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    while (!done() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
      at++;
    }
    String number = text.substring(start, at);
    if (number.contains(".")) {
      if (!number.matches("-?[0-9]{1,12}\\.[0-9]{1,3}")) {
        throw new IllegalArgumentException("not a decimal");
      }
      return number;
    }
    if (!number.matches("-?[0-9]{1,15}")) {
      throw new IllegalArgumentException("not an integer");
    }
    return Long.parseLong(number);
  }

  private String sfString() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '\\') {
        char escaped = next();
        if (escaped != '"' && escaped != '\\') {
          throw new IllegalArgumentException("a bad escape");
        }
        out.append(escaped);
      } else if (c == '"') {
        return out.toString();
      } else if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("a string holds a character outside printable ASCII");
      } else {
        out.append(c);
      }
    }
  }

  private byte[] bytes() {
    expect(':');
    int end = text.indexOf(':', at);
    if (end < 0) {
      throw new IllegalArgumentException("an unterminated byte sequence");
    }
    String base64 = text.substring(at, end);
    if (!base64.matches("[A-Za-z0-9+/]*={0,2}")) {
      throw new IllegalArgumentException("not base64");
    }
    at = end + 1;
    return Base64.getDecoder().decode(base64);
  }

  private String key() {
    int start = at;
    char first = peek();
    if (!(first == '*' || (first >= 'a' && first <= 'z'))) {
      throw new IllegalArgumentException("not a key");
    }
    while (!done()) {
      char c = text.charAt(at);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
        at++;
      } else {
        break;
      }
    }
    return text.substring(start, at);
  }

  private static boolean isTokenChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0);
  }

  private char peek() {
    return done() ? '\0' : text.charAt(at);
  }

  private char next() {
    if (done()) {
      throw new IllegalArgumentException("ends too soon");
    }
    return text.charAt(at++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }

  private boolean done() {
    return at >= text.length();
  }

  private void spaces() {
    while (peek() == ' ') {
      at++;
    }
  }

  private void optionalWhitespace() {
    while (peek() == ' ' || peek() == '\t') {
      at++;
    }
  }
}
