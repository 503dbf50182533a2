package org.commune.transparency;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Every {@link PublicFact} implementation on the class path, built with a chosen value in every field:
 * each text field holds the same text, each member id the same member. A new implementation is found
 * without being listed; one this class cannot build fails the tests that use it, with what to do.
 */
public final class PublicFactSamples {

  /** The member every member-id field names. */
  public static final UUID MEMBER = UUID.fromString("0badc0de-5a1a-4a4a-8b8b-000000000001");

  /** Keys a module could plausibly use for text members wrote, filled in a free-form fact map. */
  static final List<String> FREE_FORM_KEYS = List.of("title", "reason", "resolution", "text", "comment", "name",
      "display_name", "email", "phone", "body", "answer", "note", "result", "provider", "model", "label", "slug",
      "option", "value", "status", "how", "type", "version", "count");

  private PublicFactSamples() {}

  /** The implementations, found by scanning {@code org.commune}. */
  public static List<Class<?>> implementations() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AssignableTypeFilter(PublicFact.class));
    List<Class<?>> found = new ArrayList<>();
    for (var candidate : scanner.findCandidateComponents("org.commune")) {
      try {
        found.add(Class.forName(candidate.getBeanClassName()));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return found;
  }

  /**
   * One instance of each implementation for every boolean combination of its flags (a flag may change
   * the entry's type), with {@code text} in every text field and in every value of a free-form fact map,
   * {@link #MEMBER} in every member id and as the value of every member key in such a map.
   */
  public static List<PublicFact> withText(String text) {
    List<PublicFact> samples = new ArrayList<>();
    for (Class<?> type : implementations()) {
      if (!type.isRecord()) {
        throw new AssertionError(type.getName() + " implements PublicFact but is not a record: teach "
            + PublicFactSamples.class.getSimpleName() + " to build it, so that the public-fact tests cover it");
      }
      samples.add((PublicFact) build(type, text, false));
      samples.add((PublicFact) build(type, text, true));
    }
    return samples;
  }

  private static Object build(Class<?> type, String text, boolean flag) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = value(type, components[i].getName(), components[i].getType(), components[i].getGenericType(),
          text, flag);
    }
    try {
      var constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new AssertionError("cannot build " + type.getName() + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot build " + type.getName(), e);
    }
  }

  private static Object value(Class<?> owner, String name, Class<?> type, Type generic, String text, boolean flag) {
    if (type == String.class && name.equals("kind") && Arrays.stream(owner.getRecordComponents())
        .anyMatch(c -> c.getType() == Map.class)) {
      // A free-form fact's kind is its entry type: one with text is refused whole (PublicFactsContractTest),
      // which would hide its facts from the tests; a code lets them see the facts.
      return "sample.kind";
    }
    if (type == String.class) {
      return text;
    }
    if (type == MemberId.class) {
      return new MemberId(MEMBER);
    }
    if (type == UUID.class) {
      return UUID.randomUUID();
    }
    if (type == Instant.class) {
      return Instant.parse("2026-03-08T10:15:30Z");
    }
    if (type == long.class || type == Long.class) {
      return 7L;
    }
    if (type == int.class || type == Integer.class) {
      return 7;
    }
    if (type == boolean.class || type == Boolean.class) {
      return flag;
    }
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return constants[flag ? constants.length - 1 : 0];
    }
    if (type == Map.class && generic instanceof ParameterizedType p
        && p.getActualTypeArguments()[0] == String.class && p.getActualTypeArguments()[1] == String.class) {
      Map<String, String> facts = new LinkedHashMap<>();
      for (String key : FREE_FORM_KEYS) {
        facts.put(key, text);
      }
      for (String key : PublicFact.MEMBER_KEYS) {
        facts.put(key, flag ? MEMBER.toString() : text);
      }
      return facts;
    }
    if (type == List.class && generic instanceof ParameterizedType p && p.getActualTypeArguments()[0] == Integer.class) {
      return flag ? List.of(0, 2) : List.of();
    }
    if (type.isRecord()) {
      return build(type, text, flag);
    }
    throw new AssertionError(owner.getName() + "." + name + " is a " + type.getName() + ": teach "
        + PublicFactSamples.class.getSimpleName() + " to fill it, so that the public-fact tests cover it");
  }
}
