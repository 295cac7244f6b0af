package iras.core.job;

import java.util.Optional;
import java.util.Set;

/**
 * The one home of a job's stored result, by job id: the source of truth every tier reads and workers write. A
 * result is stored as the JSON that was announced, so whoever finds it can announce it again word for word. The
 * store's own failures come out as {@link Unavailable}, whatever the storage behind it.
 */
public interface JobResults {
  /** The result stored for the job, as stored; empty while it has none. */
  Optional<String> find(String jobId);

  /** Stores the job's result; storing the same result again changes nothing. */
  void store(String jobId, String resultJson);

  /** The ids of every job that has a stored result. */
  Set<String> answered();

  /** Removes the job's result, if any. */
  void delete(String jobId);

  /** The store did not answer, or refused the call. */
  final class Unavailable extends RuntimeException {
    private final boolean mayPass;

    public Unavailable(String message, Throwable cause, boolean mayPass) {
      super(message, cause);
      this.mayPass = mayPass;
    }

    /** Whether trying again later may succeed (no connection, an overloaded store), unlike a refusal. */
    public boolean mayPass() {
      return mayPass;
    }
  }
}
