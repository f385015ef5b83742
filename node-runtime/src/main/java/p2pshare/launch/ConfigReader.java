package p2pshare.launch;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads typed, checked values out of a verticle's {@code config()}, so that tracker and peer read configuration the
 * same strict way. A value of the wrong type or outside its range fails with an {@link IllegalArgumentException}
 * whose message names the full key (with the prefix of the enclosing objects, as in {@code download.maxInFlight}),
 * what is allowed, and the value found: {@code download.maxInFlight must be an integer 1..4096, got 1.5}. The
 * launcher prints that message as the one line of a failed start.
 *
 * <p>A key that is absent or {@code null} takes its default. Keys nobody reads are allowed: configuration files
 * carry notes and settings of other components next to ours.
 *
 * <p>Immutable; used once while a verticle starts, on whatever thread starts it.
 */
public final class ConfigReader {
  private static final int SHOWN_CHARS = 100;

  private final JsonObject json;
  private final String prefix;

  /** Reads the top level of a configuration; {@code null} reads as an empty one. */
  public ConfigReader(JsonObject json) {
    this(json, "");
  }

  /**
   * Reads {@code json} as the object found under {@code prefix} (which ends with a dot, such as {@code "download."});
   * the prefix only serves to name keys in messages. {@code null} reads as an empty object.
   */
  public ConfigReader(JsonObject json, String prefix) {
    this.json = json == null ? new JsonObject() : json;
    this.prefix = prefix;
  }

  /** The key as messages name it, with the prefix of the enclosing objects. */
  public String fullKey(String key) {
    return prefix + key;
  }

  /** A whole number in {@code min..max}; a fraction such as {@code 1.5}, a string or a boolean is refused. */
  public int intIn(String key, int fallback, int min, int max) {
    return (int) longIn(key, fallback, min, max);
  }

  /** A whole number in {@code min..max}; a fraction such as {@code 1.5}, a string or a boolean is refused. */
  public long longIn(String key, long fallback, long min, long max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    Long whole = wholeNumber(value);
    if (whole == null || whole < min || whole > max) {
      throw wrong(key, "an integer " + min + ".." + max, value);
    }
    return whole;
  }

  /**
   * A duration given in seconds, fractions allowed ({@code 0.5}), in {@code min..max} seconds; returned in
   * milliseconds, rounded to the nearest one. Keep {@code min} at 0.001 or above so that the result is never 0.
   */
  public long seconds(String key, double defaultSeconds, double min, double max) {
    Object value = json.getValue(key);
    if (value == null) {
      return Math.round(defaultSeconds * 1000);
    }
    if (!(value instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
      throw wrong(key, "a number of seconds " + plain(min) + ".." + plain(max), value);
    }
    return Math.round(n.doubleValue() * 1000);
  }

  /** A string that is not blank. */
  public String string(String key, String fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw wrong(key, "a non-empty string", value);
    }
    return s;
  }

  /** A string that may be left out: absent, {@code null} or blank reads as empty. */
  public Optional<String> optionalString(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      throw wrong(key, "a string", value);
    }
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  /** {@code true} or {@code false}; the strings {@code "true"} and {@code "false"} are refused like any other. */
  public boolean bool(String key, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw wrong(key, "true or false", value);
    }
    return b;
  }

  /** An array of non-blank strings; absent reads as an empty list. The list cannot be modified. */
  public List<String> stringList(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw wrong(key, "a list of non-empty strings", value);
    }
    List<String> strings = new ArrayList<>(array.size());
    for (Object element : array) {
      if (!(element instanceof String s) || s.isBlank()) {
        throw wrong(key, "a list of non-empty strings", value);
      }
      strings.add(s);
    }
    return List.copyOf(strings);
  }

  /** The nested object under {@code key}, whose keys messages name as {@code key.inner}; absent reads as empty. */
  public ConfigReader object(String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw wrong(key, "an object", value);
    }
    return new ConfigReader((JsonObject) value, fullKey(key) + ".");
  }

  /**
   * The objects of the list under {@code key}, each read as {@code key[i].inner}; absent reads as an empty list.
   */
  public List<ConfigReader> objects(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw wrong(key, "a list of objects", value);
    }
    List<ConfigReader> objects = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw wrong(key, "a list of objects", value);
      }
      objects.add(new ConfigReader(object, fullKey(key) + "[" + i + "]."));
    }
    return objects;
  }

  /** Whether the configuration gives {@code key} (a value other than null). */
  public boolean has(String key) {
    return json.getValue(key) != null;
  }

  /**
   * A required file system path, made absolute (against the working directory) and normalized. Whether it exists
   * is for the caller to check, since some folders are created and others must be there already.
   */
  public Path path(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      throw new IllegalArgumentException(fullKey(key) + " is required");
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw wrong(key, "a non-empty string (a path)", value);
    }
    try {
      return Path.of(s).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(fullKey(key) + " must be a valid path, got " + shown(value)
          + " (" + e.getReason() + ")", e);
    }
  }

  private IllegalArgumentException wrong(String key, String allowed, Object value) {
    return new IllegalArgumentException(fullKey(key) + " must be " + allowed + ", got " + shown(value));
  }

  /**
   * The value as a whole number, or null if it is not one. A JSON number with a zero fraction ({@code 2.0}) counts,
   * as it did before this class existed; anything outside the range of a long does not.
   */
  private static Long wholeNumber(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < Long.SIZE ? big.longValue() : null;
    }
    if (value instanceof BigDecimal decimal) {
      try {
        return decimal.longValueExact();
      } catch (ArithmeticException notWhole) {
        return null;
      }
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      // 0x1p63 is 2^63, one past Long.MAX_VALUE: every double below it in magnitude converts exactly.
      return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (long) d : null;
    }
    return null;
  }

  /** The value as the JSON had it (strings quoted, so {@code "80"} is told apart from {@code 80}), cut short. */
  private static String shown(Object value) {
    String text = value instanceof String s ? Json.encode(s) : String.valueOf(value);
    return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
  }

  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
