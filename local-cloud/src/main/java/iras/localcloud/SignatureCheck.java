package iras.localcloud;

import iras.localcloud.SqsCall.SqsError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Checks an SQS call's AWS Signature Version 4 (the {@code Authorization} header the SDK sends) against the embedded
 * cloud's credentials, as SQS does: a call with no signature, another key, a signature that does not match its
 * method, path, query, signed headers and body, or a date more than 15 minutes off is refused.
 */
final class SignatureCheck {
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final Pattern AUTHORIZATION = Pattern.compile(ALGORITHM
      + " Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]+)");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final Duration GREATEST_SKEW = Duration.ofMinutes(15);

  private final LocalCredentials credentials;
  private final Clock clock;

  SignatureCheck(LocalCredentials credentials, Clock clock) {
    this.credentials = credentials;
    this.clock = clock;
  }

  /** Why the call is refused, or empty when it is signed with this cloud's secret. */
  Optional<SqsError> problem(String method, String rawPath, String rawQuery, HttpFields headers, byte[] body) {
    String authorization = headers.get("Authorization");
    if (authorization == null) {
      return Optional.of(new SqsError(403, "MissingAuthenticationToken", "MissingAuthenticationToken",
          "Request is missing Authentication Token"));
    }
    Matcher m = AUTHORIZATION.matcher(authorization.trim());
    if (!m.matches()) {
      return Optional.of(new SqsError(400, "IncompleteSignature", "IncompleteSignature",
          "The request signature does not conform to AWS standards."));
    }
    if (!m.group(1).equals(credentials.accessKey())) {
      return Optional.of(new SqsError(403, "InvalidClientTokenId", "InvalidClientTokenId",
          "The security token included in the request is invalid."));
    }
    String amzDate = headers.get("X-Amz-Date");
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate == null ? "" : amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return Optional.of(new SqsError(400, "IncompleteSignature", "IncompleteSignature",
          "The request must carry an X-Amz-Date header."));
    }
    if (Duration.between(signedAt, clock.instant()).abs().compareTo(GREATEST_SKEW) > 0) {
      return Optional.of(new SqsError(403, "SignatureDoesNotMatch", "SignatureDoesNotMatch",
          "Signature expired: " + amzDate + " is more than 15 minutes from the server's time."));
    }
    String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
    String canonical = String.join("\n", method, canonicalPath(rawPath), canonicalQuery(rawQuery),
        canonicalHeaders(headers, m.group(5)), m.group(5), hex(sha256(body)));
    String toSign = String.join("\n", ALGORITHM, amzDate, scope, hex(sha256(canonical.getBytes(StandardCharsets.UTF_8))));
    byte[] key = hmac(("AWS4" + credentials.secretKey()).getBytes(StandardCharsets.UTF_8), m.group(2));
    key = hmac(key, m.group(3));
    key = hmac(key, m.group(4));
    key = hmac(key, "aws4_request");
    String expected = hex(hmac(key, toSign));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        m.group(6).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of(new SqsError(403, "SignatureDoesNotMatch", "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided."));
    }
    return Optional.empty();
  }

  /** Each segment encoded once from its decoded form, then once more, as the SDK does for every service but S3. */
  private static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    String[] segments = rawPath.split("/", -1);
    List<String> encoded = new ArrayList<>();
    for (String segment : segments) {
      encoded.add(encode(encode(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))));
    }
    return String.join("/", encoded);
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      pairs.add(encode(name) + "=" + encode(value));
    }
    pairs.sort(null);
    return String.join("&", pairs);
  }

  private static String canonicalHeaders(HttpFields headers, String signedHeaders) {
    StringBuilder out = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      List<String> values = new ArrayList<>();
      for (HttpField field : headers) {
        if (field.getLowerCaseName().equals(name)) {
          values.add(field.getValue().trim().replaceAll(" +", " "));
        }
      }
      out.append(name).append(':').append(String.join(",", values)).append('\n');
    }
    return out.toString();
  }

  /** RFC 3986: unreserved characters stay, every other byte of the UTF-8 becomes %XY. */
  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
