package iras.localcloud;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.elasticmq.BinaryMessageAttribute;
import org.elasticmq.MessageAttribute;
import org.elasticmq.NumberMessageAttribute;
import org.elasticmq.StringMessageAttribute;

/**
 * The MD5 digests SQS answers for a message's body and attributes, which the SDKs recompute and compare: a digest
 * that differs fails the client's call, so these follow SQS's documented encoding to the byte.
 */
final class MessageDigests {
  private static final byte STRING_TRANSPORT = 1;
  private static final byte BINARY_TRANSPORT = 2;

  private MessageDigests() {}

  static String ofBody(String body) {
    return hex(body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Each attribute in the order of its name: the name, the data type and the transport type of its value (1 for
   * text, 2 for bytes), then the value, every text and byte string preceded by its length in four bytes.
   */
  static String ofAttributes(Map<String, MessageAttribute> attributes) {
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    for (Map.Entry<String, MessageAttribute> entry : new TreeMap<>(attributes).entrySet()) {
      MessageAttribute attribute = entry.getValue();
      withLength(encoded, entry.getKey().getBytes(StandardCharsets.UTF_8));
      withLength(encoded, attribute.getDataType().getBytes(StandardCharsets.UTF_8));
      if (attribute instanceof BinaryMessageAttribute binary) {
        encoded.write(BINARY_TRANSPORT);
        withLength(encoded, bytes(binary));
      } else {
        encoded.write(STRING_TRANSPORT);
        withLength(encoded, text(attribute).getBytes(StandardCharsets.UTF_8));
      }
    }
    return hex(encoded.toByteArray());
  }

  static String text(MessageAttribute attribute) {
    if (attribute instanceof StringMessageAttribute s) {
      return s.stringValue();
    }
    if (attribute instanceof NumberMessageAttribute n) {
      return n.stringValue();
    }
    throw new IllegalArgumentException("not a text attribute: " + attribute);
  }

  static byte[] bytes(BinaryMessageAttribute binary) {
    return Base64.getDecoder().decode(binary.asBase64());
  }

  private static void withLength(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  private static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }
}
