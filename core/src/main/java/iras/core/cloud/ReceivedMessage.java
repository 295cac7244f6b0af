package iras.core.cloud;

/** A message taken from a queue, with the handle that deletes it or extends its invisibility. */
public record ReceivedMessage(String body, String receiptHandle, int receiveCount) {}
