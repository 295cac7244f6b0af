package iras.core.job;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping of the messages every tier exchanges. */
public final class Json {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Json() {}

  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  public static byte[] writeBytes(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** @throws MalformedMessageException when the text is not a valid {@code type} */
  public static <T> T read(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (RuntimeException e) {
      throw new MalformedMessageException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (RuntimeException e) {
      throw new MalformedMessageException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** A message body that cannot be understood; retrying it will not help. */
  public static final class MalformedMessageException extends RuntimeException {
    MalformedMessageException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
