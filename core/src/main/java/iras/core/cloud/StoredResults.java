package iras.core.cloud;

import iras.core.job.JobResults;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Supplier;

/** Results as objects {@code results/<id>.json} in the deployment's output bucket. */
final class StoredResults implements JobResults {
  private final ObjectStore store;
  private final String bucket;

  StoredResults(ObjectStore store, String bucket) {
    this.store = store;
    this.bucket = bucket;
  }

  private static final String FOLDER = "results/";
  private static final String SUFFIX = ".json";

  static String key(String jobId) {
    return FOLDER + jobId + SUFFIX;
  }

  @Override
  public Optional<String> find(String jobId) {
    return call("read", jobId, () -> store.find(bucket, key(jobId)))
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public void store(String jobId, String resultJson) {
    call("store", jobId, () -> {
      store.put(bucket, key(jobId), resultJson.getBytes(StandardCharsets.UTF_8), "application/json");
      return null;
    });
  }

  @Override
  public Set<String> answered() {
    return call("list", "every job", () -> store.list(bucket, FOLDER)
        .map(ObjectStore.Listed::key)
        .filter(k -> k.endsWith(SUFFIX))
        .map(k -> k.substring(FOLDER.length(), k.length() - SUFFIX.length()))
        .collect(Collectors.toSet()));
  }

  @Override
  public void delete(String jobId) {
    call("delete", jobId, () -> {
      store.delete(bucket, key(jobId));
      return null;
    });
  }

  private <T> T call(String action, String jobId, Supplier<T> call) {
    try {
      return call.get();
    } catch (CloudUnavailableException e) {
      throw new Unavailable("cannot " + action + " the result of " + jobId + " in " + bucket + ": " + e.getMessage(),
          e, e.mayPass());
    }
  }
}
