package iras.core.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One queue, with the operations the tiers need and SQS's semantics: a received message is hidden for the queue's
 * visibility timeout and reappears, its receive count one higher, unless deleted first; a queue with a receive
 * limit moves a message received more often than that to its dead-letter queue; a receive or batch call handles at
 * most {@link #BATCH_MAX} messages. Every method may throw {@link CloudUnavailableException}.
 */
public interface MessageQueue {
  /** The most entries SQS takes in one batch call or returns from one receive. */
  int BATCH_MAX = 10;

  String name();

  void send(String body);

  /** Waits up to {@code wait} (long poll) for at most {@code max} (1–10) messages. */
  List<ReceivedMessage> receive(int max, Duration wait);

  void delete(ReceivedMessage message);

  /**
   * Sends the bodies in batches of ten: one call where one per body would spend most of a small message's cost on
   * the request itself.
   *
   * @throws BatchEntryFailedException if the queue refused any entry (the others of that batch were sent, the later
   *     batches not)
   */
  void send(List<String> bodies);

  /**
   * Deletes the messages in batches of ten.
   *
   * @throws BatchEntryFailedException if the queue refused any entry (the others of that batch were deleted)
   */
  void delete(List<ReceivedMessage> messages);

  /** Hides a held message for {@code timeout} more from now; zero hands it back to the queue at once. */
  void extendVisibility(ReceivedMessage message, Duration timeout);

  /** Messages waiting plus messages some consumer holds, as SQS approximates them. */
  QueueDepth depth();

  record QueueDepth(int visible, int inFlight) {
    public int total() {
      return visible + inFlight;
    }
  }

  /** Some entries of a batch call were refused; retrying the whole batch is safe where its effect is idempotent. */
  final class BatchEntryFailedException extends RuntimeException {
    private final boolean senderFault;
    private final Set<Integer> refused;

    /** @param refused the refused entries' positions in the list the call was given */
    public BatchEntryFailedException(String message, boolean senderFault, Set<Integer> refused) {
      super(message);
      this.senderFault = senderFault;
      this.refused = Set.copyOf(refused);
    }

    /** The refused entries' positions in the list the call was given. */
    public Set<Integer> refused() {
      return refused;
    }

    /** Whether an entry was refused for what it is (worth no retry), not for the queue's state. */
    public boolean senderFault() {
      return senderFault;
    }
  }
}
