package iras.model;

/** One candidate class for an image: its display label and the model's probability for it (0..1). */
public record Guess(String label, double confidence) {}
