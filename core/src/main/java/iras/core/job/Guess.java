package iras.core.job;

/** One of a model's candidate labels with its probability. */
public record Guess(String label, double confidence) {}
