package iras.web.submit;

import iras.core.cloud.Cloud;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import iras.web.results.ResultBroker;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Accepts one uploaded image: checks it, stores it in the input bucket and puts its job on the request queue. */
public final class JobSubmitter {
  private final Cloud cloud;
  private final ResultBroker results;

  public JobSubmitter(Cloud cloud, ResultBroker results) {
    this.cloud = cloud;
    this.results = results;
  }

  public record Submitted(ImageJob job, CompletableFuture<ImageResult> result) {}

  public Submitted submit(String submittedName, byte[] bytes) throws RejectedUpload {
    String name = FileNames.sanitize(submittedName);
    if (bytes.length == 0) {
      throw new RejectedUpload(400, "The file '" + name + "' is empty: choose an image file and send it again.");
    }
    ImageType type =
        ImageType.detect(bytes)
            .orElseThrow(
                () ->
                    new RejectedUpload(
                        400,
                        "The file '" + name + "' is not an image this service reads: send a JPEG, PNG, BMP or GIF."));
    String id = UUID.randomUUID().toString();
    String key = "images/" + id;
    cloud.store().put(cloud.layout().inputBucket(), key, bytes, type.mediaType());
    ImageJob job = new ImageJob(id, name, cloud.layout().inputBucket(), key, Instant.now());
    // Registered before sending, so a fast worker's answer cannot arrive before anyone waits for it.
    CompletableFuture<ImageResult> result = results.expect(id);
    cloud.requests().send(Json.write(job));
    return new Submitted(job, result);
  }
}
