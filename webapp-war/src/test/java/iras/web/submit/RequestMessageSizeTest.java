package iras.web.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.CloudLayout;
import iras.core.job.ImageJob;
import iras.core.job.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The longest job the web tier can make fits the request queue's MaximumMessageSize and S3's 2 KB of user metadata
 * on its image: either would refuse it, and the upload would fail.
 */
class RequestMessageSizeTest {
  private static final String EMOJI = "\uD83D\uDE00";
  /** U+2070E, a CJK ideograph: a letter a name may hold, of four bytes in UTF-8. */
  private static final String LETTER = "\uD841\uDF0E";
  /** The longest deployment id whose buckets S3 names: "<id>-out-bucket" in 63 characters. */
  private static final String DEPLOYMENT = "d".repeat(63 - "-out-bucket".length());

  @Test
  void theLongestJobFitsTheRequestQueue() throws RejectedUpload {
    // Four-byte characters fill the most bytes per character; quotes and backslashes double in JSON, and mixed
    // with them they fill the most within the character limits.
    List<String> files = List.of(EMOJI.repeat(400), EMOJI.repeat(400) + ".jpeg", "\"".repeat(400),
        "\\\"".repeat(100) + EMOJI.repeat(300), "\"".repeat(150) + EMOJI.repeat(300) + ".jpeg");
    // The longest names a person may be enrolled under: letters of four bytes each, and plain ASCII. A name holds no
    // quote or backslash, so none doubles in JSON.
    List<String> people = List.of(LETTER.repeat(ImageJob.MAX_PERSON_BYTES / 4), "x".repeat(PersonNames.MAX_LENGTH),
        "x".repeat(40) + LETTER.repeat(40));
    String id = UUID.randomUUID().toString();
    CloudLayout layout = CloudLayout.of(DEPLOYMENT);
    int longest = 0;
    int mostMetadata = 0;
    for (String file : files) {
      for (String person : people) {
        ImageJob job = new ImageJob(id, FileNames.sanitize(file), layout.inputBucket(), CloudLayout.imageKey(id),
            Instant.parse("2026-11-23T07:00:00.123456789Z"), PersonNames.check(person));
        longest = Math.max(longest, Json.writeBytes(job).length);
        // S3 counts the UTF-8 bytes of each user metadata key and value, and takes 2 KB in all.
        mostMetadata = Math.max(mostMetadata, job.imageMetadata().entrySet().stream()
            .mapToInt(e -> (e.getKey() + e.getValue()).getBytes(StandardCharsets.UTF_8).length).sum());
        assertEquals(job, ImageJob.ofStoredImage(id, job.bucket(), job.key(), job.imageMetadata(), Instant.EPOCH));
      }
    }
    assertTrue(longest <= CloudLayout.REQUEST_MAX_MESSAGE_BYTES, longest + " bytes");
    // File names are held to 200 bytes of UTF-8 (an object key's room on a file system), fewer than the message
    // would take: the worst case falls that much short of the limit.
    assertTrue(longest > CloudLayout.REQUEST_MAX_MESSAGE_BYTES - 150, longest + " bytes: the worst case is built");
    assertTrue(mostMetadata <= 2048, mostMetadata + " bytes of the image's metadata");
  }

  @Test
  void aPersonsNameOfTooManyBytesIsRefusedAndOneOfPlainAsciiIsNot() throws RejectedUpload {
    assertEquals("x".repeat(PersonNames.MAX_LENGTH), PersonNames.check("x".repeat(PersonNames.MAX_LENGTH)));
    String cyrillic = "Ж".repeat(PersonNames.MAX_LENGTH);
    assertEquals(cyrillic, PersonNames.check(cyrillic), "two bytes a character still fit");
    RejectedUpload refused = assertThrows(RejectedUpload.class, () -> PersonNames.check(LETTER.repeat(61)));
    assertEquals(400, refused.status());
    assertTrue(refused.getMessage().contains("244 bytes; use at most 240"), refused.getMessage());
  }
}
