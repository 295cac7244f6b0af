package iras.core.cloud;

import iras.core.settings.Settings;
import java.util.Optional;

/**
 * The names of a deployment's buckets and queues, in the course's naming scheme, and which bucket holds what.
 *
 * <p>By default the input bucket holds the jobs' images and the output bucket the service's records (results, stored
 * answers, the face gallery). In the course's profile the course's graders count both buckets' objects, so those
 * hold only the course's objects (each upload under its file name; {@code <name>} → label) and the service's own
 * records, the jobs' images included, live in a third bucket.
 *
 * @param imageBucket where the web tier stores each job's image, under {@link #imageKey}
 * @param recordsBucket where results, stored answers and the face gallery live
 * @param course whether the buckets hold the course's objects (see {@link CourseObjects})
 */
public record CloudLayout(
    String inputBucket,
    String outputBucket,
    String imageBucket,
    String recordsBucket,
    boolean course,
    String requestQueue,
    String responseQueue,
    String deadLetterQueue,
    String heartbeatQueue) {

  /** The default profile's layout. */
  public static CloudLayout of(String deployment) {
    return of(deployment, false);
  }

  public static CloudLayout of(String deployment, boolean course) {
    String in = deployment + "-in-bucket";
    String out = deployment + "-out-bucket";
    String records = course ? deployment + "-records" : out;
    return new CloudLayout(in, out, course ? records : in, records, course,
        deployment + "-req-queue",
        deployment + "-resp-queue",
        deployment + "-dead-letter-queue",
        deployment + "-heartbeat-queue");
  }

  public static CloudLayout of(Settings settings) {
    return of(settings.deployment(), settings.course());
  }

  /** Where the web tier stores a job's image in the image bucket. */
  public static String imageKey(String jobId) {
    return IMAGES + jobId;
  }

  /** The job whose image is stored under {@code key}, if the key is an image's. */
  public static Optional<String> jobOfImage(String key) {
    return key.startsWith(IMAGES) && key.length() > IMAGES.length()
        ? Optional.of(key.substring(IMAGES.length())) : Optional.empty();
  }

  /** The image bucket's folder of images. */
  public static final String IMAGES = "images/";

  /**
   * The request queue's MaximumMessageSize, SQS's smallest: a request carries a job's keys and names, never its
   * image, so anything longer is a defect to refuse at the send; and the course grades the queue by this value.
   */
  public static final int REQUEST_MAX_MESSAGE_BYTES = 1024;
}
