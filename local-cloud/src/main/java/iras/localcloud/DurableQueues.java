package iras.localcloud;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
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
 * ElasticMQ's queues and messages in an H2 database under the data directory: every send, receive, visibility change
 * and delete is written before the SQS call is answered, so a process that dies, even by SIGKILL, loses no message
 * it acknowledged. The database is flushed at each commit ({@code WRITE_DELAY=0}): H2 otherwise keeps up to a second
 * of commits in memory, which a SIGKILL would take with it.
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
  private final ActorRef persistence;
  private final ActorRef manager;

  private DurableQueues(Path dir, ActorSystem system, ActorRef persistence, ActorRef manager) {
    this.dir = dir;
    this.system = system;
    this.persistence = persistence;
    this.manager = manager;
  }

  /**
   * Opens (or creates) the queues stored in {@code dir} and restores them into a queue manager in {@code system}.
   * Messages of {@code requestQueue} that were in flight are made visible at once: whoever held them was a
   * consumer of the process that just ended, and a worker that did survive finds its result stored, so the
   * repeat costs a lookup, where waiting out the visibility timeout would hold those jobs back a minute.
   */
  static DurableQueues open(Path dir, String requestQueue, ActorSystem system) throws Exception {
    if (!OPEN.compareAndSet(false, true)) {
      throw new IllegalStateException("this process already runs an embedded SQS with durable queues");
    }
    try {
      Files.createDirectories(dir);
      // Closed by close(), not by H2 at JVM exit: a stopping process still serves the last deletes of its workers.
      String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("queues") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
      int returned = returnInFlight(url, requestQueue);
      if (returned > 0) {
        log.info("{} request(s) in flight when the queues last stopped are visible again", returned);
      }
      SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "", "", false);
      // ElasticMQ sets the pool up once per JVM, with the first URL it saw; set it here so that a later cloud in
      // the same process (a restart, a test) uses its own folder.
      ConnectionPool$ pools = ConnectionPool$.MODULE$;
      pools.singleton(url, "", "", pools.singleton$default$4(),
          pools.singleton$default$5(url, "", "", pools.singleton$default$4()));
      ActorRef persistence = system.actorOf(Props.create(SqlQueuePersistenceActor.class,
          () -> new SqlQueuePersistenceActor(config, List$.MODULE$.empty())), "sqs-persistence");
      ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class,
          () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(persistence))),
          "sqs-queues");
      Object restored = Patterns.ask(persistence, new QueueEvent.Restore(manager), RESTORE_WITHIN)
          .toCompletableFuture().get(RESTORE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      if (restored instanceof Either<?, ?> either && either.isLeft()) {
        throw new IllegalStateException("the stored queues in " + dir + " could not be restored: " + either);
      }
      return new DurableQueues(dir, system, persistence, manager);
    } catch (Exception | Error e) {
      ConnectionPool$.MODULE$.closeAll();
      OPEN.set(false);
      throw e;
    }
  }

  /** @return how many messages were made visible */
  private static int returnInFlight(String url, String queue) throws SQLException {
    // ElasticMQ's table for a queue's messages, as its MessageRepository names it.
    String table = ("message_" + queue.replace(".", "_").replace("-", "_") + "_"
        + Integer.toHexString(queue.hashCode())).toUpperCase(java.util.Locale.ROOT);
    try (Connection db = DriverManager.getConnection(url)) {
      try (ResultSet tables = db.getMetaData().getTables(null, null, table, null)) {
        if (!tables.next()) {
          return 0;
        }
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
    ConnectionPool$.MODULE$.closeAll();
    OPEN.set(false);
  }
}
