package iras.model.face;

/** A face found in an image, in the source image's pixels (origin top left), with the detector's score. */
public record FaceBox(double x, double y, double width, double height, double score) {

  /** Intersection over union with another box; 0 when they do not overlap. */
  public double iou(FaceBox other) {
    double w = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
    double h = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
    double intersection = w * h;
    return intersection / (width * height + other.width * other.height - intersection);
  }
}
