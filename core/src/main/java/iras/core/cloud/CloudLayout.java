package iras.core.cloud;

import iras.core.settings.Settings;

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
    return "images/" + jobId;
  }

  /** Where a job's result object lives in the output bucket. */
  public static String resultKey(String jobId) {
    return "results/" + jobId + ".json";
  }
}
