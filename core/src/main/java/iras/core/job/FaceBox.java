package iras.core.job;

/** Where a face is in an image, in the image's own pixels, with the detector's score (0..1). */
public record FaceBox(double x, double y, double width, double height, double score) {}
