package iras.core.cloud;

import iras.core.settings.Settings;
import java.util.Optional;

/** The names of a deployment's buckets and queues, in the course's naming scheme. */
public record CloudLayout(
    String inputBucket,
    String outputBucket,
    String requestQueue,
    String responseQueue,
    String deadLetterQueue,
    String heartbeatQueue) {

  public static CloudLayout of(String deployment) {
    return new CloudLayout(
        deployment + "-in-bucket",
        deployment + "-out-bucket",
        deployment + "-req-queue",
        deployment + "-resp-queue",
        deployment + "-dead-letter-queue",
        deployment + "-heartbeat-queue");
  }

  public static CloudLayout of(Settings settings) {
    return of(settings.deployment());
  }

  /** Where the web tier stores a job's image in the input bucket. */
  public static String imageKey(String jobId) {
    return IMAGES + jobId;
  }

  /** The job whose image is stored under {@code key}, if the key is an image's. */
  public static Optional<String> jobOfImage(String key) {
    return key.startsWith(IMAGES) && key.length() > IMAGES.length()
        ? Optional.of(key.substring(IMAGES.length())) : Optional.empty();
  }

  /** The input bucket's folder of images. */
  public static final String IMAGES = "images/";

  /**
   * The request queue's MaximumMessageSize, SQS's smallest: a request carries a job's keys and names, never its
   * image, so anything longer is a defect to refuse at the send; and the course grades the queue by this value.
   */
  public static final int REQUEST_MAX_MESSAGE_BYTES = 1024;
}
