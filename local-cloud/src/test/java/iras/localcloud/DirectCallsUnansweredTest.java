package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.localcloud.SqsCall.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.msg.LookupQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * A queue whose actor never answers (stuck, or stopped while asked) costs its caller a server error the SDK retries
 * once the ask's bound has passed, a long poll's after its wait: never a call held forever.
 */
class DirectCallsUnansweredTest {
  private static final Duration MARGIN = Duration.ofMillis(200);

  ActorSystem system;
  DirectCalls calls;

  /** Answers nothing it is asked. */
  static final class Silent extends AbstractActor {
    @Override
    public Receive createReceive() {
      return receiveBuilder().matchAny(m -> {}).build();
    }
  }

  /** Finds every queue, each of them the silent actor, as ElasticMQ's queue manager answers a lookup. */
  static final class FindsSilentQueues extends AbstractActor {
    private final ActorRef queue = getContext().actorOf(Props.create(Silent.class, Silent::new));

    @Override
    public Receive createReceive() {
      return receiveBuilder().match(LookupQueue.class, l -> getSender().tell(Option.apply(queue), getSelf())).build();
    }
  }

  @BeforeEach
  void start() {
    system = ActorSystem.create("unanswered");
    calls = new DirectCalls(new QueueActors(
        system.actorOf(Props.create(FindsSilentQueues.class, FindsSilentQueues::new)), MARGIN, system.dispatcher()));
  }

  @AfterEach
  void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Answer answer(String action, String body) throws Exception {
    return calls.answer(new JsonCall(action, body.getBytes(StandardCharsets.UTF_8))).orElseThrow()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aSendThatGetsNoAnswerIsAServerErrorTheClientRetries() throws Exception {
    Answer answer = answer("SendMessage", "{\"QueueUrl\":\"http://localhost/000000000000/q\",\"MessageBody\":\"x\"}");
    assertEquals(503, answer.status());
    assertTrue(new String(answer.body(), StandardCharsets.UTF_8).contains("ServiceUnavailable"));
  }

  @Test
  void aLongPollThatGetsNoAnswerEndsAfterItsWait() throws Exception {
    Answer answer =
        answer("ReceiveMessage", "{\"QueueUrl\":\"http://localhost/000000000000/q\",\"WaitTimeSeconds\":1}");
    assertEquals(503, answer.status());
  }

  @Test
  void aBatchWithAnEntryThatGetsNoAnswerIsAServerErrorAsAWhole() throws Exception {
    Answer answer = answer("DeleteMessageBatch", "{\"QueueUrl\":\"http://localhost/000000000000/q\","
        + "\"Entries\":[{\"Id\":\"a\",\"ReceiptHandle\":\"h\"}]}");
    assertEquals(503, answer.status());
  }

  @Test
  void aManagerThatGetsNoAnswerIsAServerErrorToo() throws Exception {
    DirectCalls stuck = new DirectCalls(new QueueActors(
        system.actorOf(Props.create(Silent.class, Silent::new)), MARGIN, system.dispatcher()));
    Answer answer = stuck.answer(new JsonCall("DeleteMessage",
            "{\"QueueUrl\":\"http://localhost/000000000000/q\",\"ReceiptHandle\":\"h\"}"
                .getBytes(StandardCharsets.UTF_8))).orElseThrow().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(503, answer.status());
  }
}
