package iras.model.face;

import iras.model.image.ImageDecoder;
import iras.model.image.UndecodableImageException;

/**
 * An image as the face nets see it: RGB values 0–255, row-major, interleaved, as the reference implementation's
 * image tensor ({@code [height, width, 3]}). {@code scale} is how many source pixels one of these pixels spans
 * (1 unless a huge image was decoded subsampled), so boxes can be reported in source pixels.
 */
record RgbImage(int width, int height, float[] rgb, int scale) {

  static RgbImage decode(byte[] encoded) throws UndecodableImageException {
    ImageDecoder.Rgb decoded = ImageDecoder.decodeRgb(encoded);
    int[] argb = decoded.rgb();
    float[] rgb = new float[3 * argb.length];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (argb[i] >> 16) & 0xff;
      rgb[3 * i + 1] = (argb[i] >> 8) & 0xff;
      rgb[3 * i + 2] = argb[i] & 0xff;
    }
    return new RgbImage(decoded.width(), decoded.height(), rgb, decoded.step());
  }

  /** The pixels of a rectangle inside this image. */
  RgbImage crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
      throw new IllegalArgumentException("crop " + w + "x" + h + " at " + x + "," + y + " is not inside "
          + width + "x" + height);
    }
    float[] out = new float[3 * w * h];
    for (int row = 0; row < h; row++) {
      System.arraycopy(rgb, 3 * ((y + row) * width + x), out, 3 * row * w, 3 * w);
    }
    return new RgbImage(w, h, out, scale);
  }

  /**
   * Writes the image as a net's square input, NCHW at {@code out[offset..]}: zero-padded to a square (padding
   * split over both sides of the short dimension when {@code centred}, the larger half after the image, else all
   * after it), resized bilinearly to {@code size} without corner alignment or half-pixel centres, then
   * {@code (value - mean[c]) / 255}. This is the reference's padToSquare, resizeBilinear and normalisation.
   */
  void toSquareInput(int size, boolean centred, float[] mean, float[] out, int offset) {
    int side = Math.max(width, height);
    int diff = side - Math.min(width, height);
    // JavaScript's Math.round: halves round up.
    int before = centred ? diff - (int) Math.floor(diff * 0.5 + 0.5) : 0;
    int padTop = height < width ? before : 0;
    int padLeft = width < height ? before : 0;
    double ratio = (double) side / size;
    int plane = size * size;
    double[] top = new double[3];
    double[] bottom = new double[3];
    for (int r = 0; r < size; r++) {
      double sy = ratio * r;
      int y0 = (int) Math.floor(sy);
      int y1 = Math.min(side - 1, (int) Math.ceil(sy));
      double fy = sy - y0;
      for (int c = 0; c < size; c++) {
        double sx = ratio * c;
        int x0 = (int) Math.floor(sx);
        int x1 = Math.min(side - 1, (int) Math.ceil(sx));
        double fx = sx - x0;
        for (int k = 0; k < 3; k++) {
          double tl = padded(y0 - padTop, x0 - padLeft, k);
          double tr = padded(y0 - padTop, x1 - padLeft, k);
          double bl = padded(y1 - padTop, x0 - padLeft, k);
          double br = padded(y1 - padTop, x1 - padLeft, k);
          top[k] = tl + (tr - tl) * fx;
          bottom[k] = bl + (br - bl) * fx;
        }
        for (int k = 0; k < 3; k++) {
          float value = (float) (top[k] + (bottom[k] - top[k]) * fy);
          out[offset + k * plane + r * size + c] = (value - mean[k]) / 255f;
        }
      }
    }
  }

  private double padded(int y, int x, int channel) {
    return y < 0 || x < 0 || y >= height || x >= width ? 0 : rgb[3 * (y * width + x) + channel];
  }
}
