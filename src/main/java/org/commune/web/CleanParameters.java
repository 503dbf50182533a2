package org.commune.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Form values without control characters (tab, line feed and carriage return excepted). PostgreSQL
 * cannot store a NUL in text, and no member means to type a bell: without this, such a value would
 * end in a server error instead of being saved as the visible text it is.
 */
public final class CleanParameters extends HttpServletRequestWrapper {

  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

  private final Map<String, String[]> clean;
  private final boolean unreadable;

  CleanParameters(HttpServletRequest request) {
    super(request);
    Map<String, String[]> values = new LinkedHashMap<>();
    Map<String, String[]> received;
    boolean failed = false;
    try {
      received = request.getParameterMap();
    } catch (IllegalStateException badEncoding) {
      // Tomcat refuses a body or query it cannot decode (bad percent-encoding, too many parts);
      // the request then has no fields, and the filter answers 400 instead of a server error.
      received = Map.of();
      failed = true;
    }
    this.unreadable = failed;
    received.forEach((name, given) -> {
      String[] copy = new String[given.length];
      for (int i = 0; i < given.length; i++) {
        copy[i] = clean(given[i]);
      }
      values.put(clean(name), copy);
    });
    this.clean = Collections.unmodifiableMap(values);
  }

  /** True when the container could not decode the request's fields. */
  boolean unreadable() {
    return unreadable;
  }

  /** The text without control characters (tab, line feed and carriage return kept). */
  public static String clean(String text) {
    return text == null ? null : CONTROL.matcher(text).replaceAll("");
  }

  @Override
  public String getParameter(String name) {
    String[] values = clean.get(name);
    return values == null || values.length == 0 ? null : values[0];
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return clean;
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(clean.keySet());
  }

  @Override
  public String[] getParameterValues(String name) {
    return clean.get(name);
  }
}
