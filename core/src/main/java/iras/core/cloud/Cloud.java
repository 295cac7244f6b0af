package iras.core.cloud;

import iras.core.job.JobResults;
import iras.core.job.StoredAnswers;
import iras.core.settings.Settings;

/**
 * One deployment's buckets and queues as the tiers use them, shared by everything in a process: the ports, each
 * named for what it holds. {@link #connect} gives the ones in S3 and SQS.
 */
public interface Cloud extends AutoCloseable {

  /** Connects and, unless the settings turn provisioning off, creates whatever buckets and queues are missing. */
  static Cloud connect(Settings settings) {
    return SdkCloud.connect(settings);
  }

  CloudLayout layout();

  /** The buckets themselves: the jobs' images, and whatever the other ports keep there. */
  ObjectStore store();

  /** Each job's stored result, in the records bucket. */
  JobResults results();

  /** Answers kept by image and model, for images answered before; none when the settings turn reuse off. */
  StoredAnswers answers();

  /** The course's objects, written only in the course's profile. */
  CourseObjects course();

  /** The queue of requests, one per job, which workers take from. */
  MessageQueue requests();

  /** The queue of results announced, which the web tier reads. */
  MessageQueue responses();

  /** Any other queue of the layout, by name: the dead letters, the heartbeats. */
  MessageQueue queue(String name);

  @Override
  void close();
}
