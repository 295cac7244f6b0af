package iras.localcloud;

import iras.core.cloud.CloudLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.OperationSuccessful$;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.immutable.List$;
import scala.util.Either;
import scalikejdbc.ConnectionPool$;

/**
 * ElasticMQ's queues and messages in an H2 database under the data directory: what a restart needs is written before
 * the SQS call is answered, so a process that dies, even by SIGKILL, loses no message it acknowledged. The database is
 * flushed at each commit ({@code WRITE_DELAY=0}): H2 otherwise keeps up to a second of commits in memory, which a
 * SIGKILL would take with it.
 *
 * <p><b>What is kept</b> ({@link KeptEvents}, the one place of this rule): every queue with its attributes, and the
 * messages of the request and dead-letter queues as they are sent and deleted. Not kept: receives and visibility
 * changes (a restart makes every request that was in flight visible at once, so a stored visibility would never be
 * read; a message's receive count restarts from its last stored value), and the messages of the response and
 * heartbeat queues (a response announces a result the records bucket already holds, where the web tier's sweep
 * finds any it missed; a heartbeat is stale within seconds). Each write costs the embedded cloud milliseconds of CPU,
 * and these were four of a job's six.
 *
 * <p>ElasticMQ keeps its connection pool in a JVM-wide singleton, so one process holds one set of durable queues at a
 * time.
 */
final class DurableQueues implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DurableQueues.class);
  private static final Duration RESTORE_WITHIN = Duration.ofSeconds(30);
  private static final AtomicBoolean OPEN = new AtomicBoolean();

  private final Path dir;
  private final ActorSystem system;
  private final ActorRef store;
  private final ActorRef persistence;
  private final ActorRef manager;

  private DurableQueues(Path dir, ActorSystem system, ActorRef store, ActorRef persistence, ActorRef manager) {
    this.dir = dir;
    this.system = system;
    this.store = store;
    this.persistence = persistence;
    this.manager = manager;
  }

  /**
   * Opens (or creates) the queues stored in {@code dir} and restores them into a queue manager in {@code system}.
   * Messages of {@code requestQueue} that were in flight are made visible at once: whoever held them was a
   * consumer of the process that just ended, and a worker that did survive finds its result stored, so the
   * repeat costs a lookup, where waiting out the visibility timeout would hold those jobs back a minute.
   */
  static DurableQueues open(Path dir, CloudLayout layout, ActorSystem system) throws Exception {
    if (!OPEN.compareAndSet(false, true)) {
      throw new IllegalStateException("this process already runs an embedded SQS with durable queues");
    }
    try {
      Files.createDirectories(dir);
      // Closed by close(), not by H2 at JVM exit: a stopping process still serves the last deletes of its workers.
      String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("queues") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
      int returned = returnInFlight(url, layout.requestQueue());
      dropUnkept(url, List.of(layout.responseQueue(), layout.heartbeatQueue()));
      if (returned > 0) {
        log.info("{} request(s) in flight when the queues last stopped are visible again", returned);
      }
      SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "", "", false);
      // ElasticMQ sets the pool up once per JVM, with the first URL it saw; set it here so that a later cloud in
      // the same process (a restart, a test) uses its own folder.
      ConnectionPool$ pools = ConnectionPool$.MODULE$;
      pools.singleton(url, "", "", pools.singleton$default$4(),
          pools.singleton$default$5(url, "", "", pools.singleton$default$4()));
      ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class,
          () -> new SqlQueuePersistenceActor(config, List$.MODULE$.empty())), "sqs-persistence");
      Set<String> keptMessages = Set.of(layout.requestQueue(), layout.deadLetterQueue());
      ActorRef persistence = system.actorOf(Props.create(KeptEvents.class, () -> new KeptEvents(store, keptMessages)),
          "sqs-kept-events");
      ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class,
          () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(persistence))),
          "sqs-queues");
      Object restored = Patterns.ask(persistence, new QueueEvent.Restore(manager), RESTORE_WITHIN)
          .toCompletableFuture().get(RESTORE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      if (restored instanceof Either<?, ?> either && either.isLeft()) {
        throw new IllegalStateException("the stored queues in " + dir + " could not be restored: " + either);
      }
      return new DurableQueues(dir, system, store, persistence, manager);
    } catch (Exception | Error e) {
      ConnectionPool$.MODULE$.closeAll();
      OPEN.set(false);
      throw e;
    }
  }

  /**
   * Passes on to ElasticMQ's store the events {@link DurableQueues} keeps, and answers the others as stored, as the
   * store would, so ElasticMQ answers the SQS call without waiting for a write.
   */
  static final class KeptEvents extends AbstractActor {
    private final ActorRef store;
    private final Set<String> keptMessages;

    KeptEvents(ActorRef store, Set<String> keptMessages) {
      this.store = store;
      this.keptMessages = keptMessages;
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(QueueEvent.MessageUpdated.class, e -> notKept())
          .match(QueueEvent.MessageAdded.class, e -> keepIf(keptMessages.contains(e.queueName()), e))
          .match(QueueEvent.MessageRemoved.class, e -> keepIf(keptMessages.contains(e.queueName()), e))
          .matchAny(e -> store.forward(e, getContext()))
          .build();
    }

    private void keepIf(boolean kept, Object event) {
      if (kept) {
        store.forward(event, getContext());
      } else {
        notKept();
      }
    }

    private void notKept() {
      getSender().tell(OperationSuccessful$.MODULE$, getSelf());
    }
  }

  /** Messages a store written before {@link KeptEvents} kept for queues whose messages are no longer kept. */
  private static void dropUnkept(String url, List<String> queues) throws SQLException {
    try (Connection db = DriverManager.getConnection(url)) {
      for (String queue : queues) {
        if (hasTable(db, messageTable(queue))) {
          try (PreparedStatement drop = db.prepareStatement("delete from " + messageTable(queue))) {
            drop.executeUpdate();
          }
        }
      }
    }
  }

  /** ElasticMQ's table for a queue's messages, as its MessageRepository names it. */
  private static String messageTable(String queue) {
    return ("message_" + queue.replace(".", "_").replace("-", "_") + "_"
        + Integer.toHexString(queue.hashCode())).toUpperCase(java.util.Locale.ROOT);
  }

  private static boolean hasTable(Connection db, String table) throws SQLException {
    try (ResultSet tables = db.getMetaData().getTables(null, null, table, null)) {
      return tables.next();
    }
  }

  /** @return how many messages were made visible */
  private static int returnInFlight(String url, String queue) throws SQLException {
    String table = messageTable(queue);
    try (Connection db = DriverManager.getConnection(url)) {
      if (!hasTable(db, table)) {
        return 0;
      }
      try (PreparedStatement visible =
          db.prepareStatement("update " + table + " set next_delivery = ? where next_delivery > ?")) {
        long now = System.currentTimeMillis();
        visible.setLong(1, now);
        visible.setLong(2, now);
        return visible.executeUpdate();
      }
    }
  }

  Path dir() {
    return dir;
  }

  ActorRef persistence() {
    return persistence;
  }

  ActorRef manager() {
    return manager;
  }

  @Override
  public void close() {
    system.stop(manager);
    system.stop(persistence);
    system.stop(store);
    ConnectionPool$.MODULE$.closeAll();
    OPEN.set(false);
  }
}
