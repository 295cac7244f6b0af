package iras.worker.node;

import iras.core.cloud.Cloud;
import iras.core.cloud.ReceivedMessage;
import iras.core.job.AnswerKey;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each result (with the course's object, and the answer kept for images seen again), announces it on the
 * response queue, and only then deletes its request: a crash at any point leaves the request to be redone.
 * Announcements and deletes go in one batch call each. A storage or queue outage is waited out, step by step, for up
 * to {@link #GIVE_UP_AFTER} while the visibility keeper keeps the request hidden; only then is the request left to
 * reappear.
 */
final class Publisher {
  interface Command {}

  /**
   * A result ready to publish. {@code stored} means the records already hold exactly {@code json} (a redelivered
   * request whose first worker stored it and died): then it is only announced again, never rewritten.
   *
   * @param keepAs the key to keep the answer under for images seen again; null when it is not to be kept
   */
  record Outcome(ReceivedMessage request, ImageJob job, ImageResult result, String json, boolean stored,
      AnswerKey keepAs) {
    static Outcome of(ReceivedMessage request, ImageJob job, ImageResult result) {
      return of(request, job, result, null);
    }

    static Outcome of(ReceivedMessage request, ImageJob job, ImageResult result, AnswerKey keepAs) {
      return new Outcome(request, job, result, Json.write(result), false, keepAs);
    }

    static Outcome stored(ReceivedMessage request, ImageJob job, String json) {
      return new Outcome(request, job, Json.read(json, ImageResult.class), json, true, null);
    }

    String id() {
      return job.id();
    }
  }

  record Publish(List<Outcome> outcomes, ActorRef<Done> replyTo) implements Command {}

  /** Every outcome of one {@link Publish} is published or given up. */
  record Done() {}

  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);
  private static final Duration COURSE_OBJECT_PATIENCE = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(Publisher.class);

  private Publisher() {}

  static Behavior<Command> create(Cloud cloud, InFlight inFlight, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
        .onMessage(Publish.class, p -> {
          Instant deadline = clock.instant().plus(GIVE_UP_AFTER);
          List<Outcome> stored = new ArrayList<>();
          for (Outcome o : p.outcomes()) {
            try {
              store(cloud, o, deadline, clock);
              stored.add(o);
            } catch (RuntimeException e) {
              // Left undeleted, the request reappears and is redone; its result object stays the same.
              ctx.getLog().error("could not store {}: {}", o.id(), e.toString());
              inFlight.released(List.of(o.request()));
            }
          }
          List<ReceivedMessage> requests = stored.stream().map(Outcome::request).toList();
          try {
            // One call for the batch's announcements and one for its deletes. A retried batch may announce a
            // result twice: the web tier takes the first copy, and every copy is the stored result.
            Retry.until(clock, deadline, () -> cloud.responses().send(stored.stream().map(Outcome::json).toList()));
            Retry.until(clock, deadline, () -> cloud.requests().delete(requests));
            stored.forEach(o -> inFlight.publishedOne());
          } catch (RuntimeException e) {
            ctx.getLog().error("could not publish {} stored result(s): {}", stored.size(), e.toString());
          } finally {
            inFlight.released(requests);
          }
          p.replyTo().tell(new Done());
          return Behaviors.same();
        })
        .build());
  }

  /**
   * The course's object is named after the user's file: a name the store cannot hold fails every time (a file system
   * store answers 500 for a name too long), and waiting it out held the worker for minutes. When the write still fails
   * after a short wait while the store reads the records, the name is at fault: the job keeps its result and answer,
   * without the course's object, and the log says why.
   */
  private static void answerForTheCourse(Cloud cloud, Outcome o, Instant deadline, Clock clock) {
    Instant shortWait = clock.instant().plus(COURSE_OBJECT_PATIENCE);
    Instant until = shortWait.isBefore(deadline) ? shortWait : deadline;
    try {
      Retry.until(clock, until, () -> cloud.course().answer(o.job(), o.result()));
    } catch (RuntimeException refused) {
      Retry.until(clock, deadline, () -> cloud.results().find(o.id()));
      log.error("the course's object for '{}' (job {}) cannot be stored under that name, so the job is answered"
          + " without it: {}", o.job().name(), o.id(), refused.toString());
    }
  }

  private static void store(Cloud cloud, Outcome o, Instant deadline, Clock clock) {
    if (!o.stored()) {
      Retry.until(clock, deadline, () -> cloud.results().store(o.id(), o.json()));
    }
    // Also for a stored result: its first worker may have died before writing the course's object.
    answerForTheCourse(cloud, o, deadline, clock);
    if (o.keepAs() != null) {
      cloud.answers().store(o.keepAs(), o.result());
    }
  }
}
