package iras.web.submit;

import static iras.web.submit.HeaderBytes.u16;
import static iras.web.submit.HeaderBytes.u16le;
import static iras.web.submit.HeaderBytes.u32;
import static iras.web.submit.HeaderBytes.u32le;

import java.util.Optional;

/**
 * The width and height an image's header declares, read from the header alone: a decoder allocates for these
 * before it reads a pixel, so a few hundred kilobytes of PNG can ask a worker for gigabytes.
 */
public record DeclaredSize(long width, long height) {
  public long pixels() {
    return width * height;
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }

  /** The size declared by an image already known to be whole and of {@code type}; empty if it declares none. */
  public static Optional<DeclaredSize> of(ImageType type, byte[] b) {
    return Optional.ofNullable(switch (type) {
      // IHDR is the first chunk: width and height follow its length and type.
      case PNG -> b.length >= 24 ? new DeclaredSize(u32(b, 16), u32(b, 20)) : null;
      case GIF -> gif(b);
      case BMP -> bmp(b);
      case JPEG -> jpeg(b);
    });
  }

  /** The logical screen and the first frame, whichever is larger: a decoder allocates for each. */
  private static DeclaredSize gif(byte[] b) {
    if (b.length < 13) {
      return null;
    }
    long width = u16le(b, 6);
    long height = u16le(b, 8);
    int packed = b[10] & 0xFF;
    int frame = 13 + ((packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1)));
    while (frame + 10 <= b.length && (b[frame] & 0xFF) == 0x21) {
      frame = skipSubBlocks(b, frame + 2);
    }
    if (frame + 10 <= b.length && (b[frame] & 0xFF) == 0x2C) {
      width = Math.max(width, u16le(b, frame + 1) + u16le(b, frame + 5));
      height = Math.max(height, u16le(b, frame + 3) + u16le(b, frame + 7));
    }
    return new DeclaredSize(width, height);
  }

  private static int skipSubBlocks(byte[] b, int pos) {
    while (pos < b.length) {
      int size = b[pos] & 0xFF;
      pos += 1 + size;
      if (size == 0) {
        return pos;
      }
    }
    return b.length;
  }

  private static DeclaredSize bmp(byte[] b) {
    if (b.length < 26) {
      return null;
    }
    if (u32le(b, 14) == 12) {
      return new DeclaredSize(u16le(b, 18), u16le(b, 20));
    }
    return new DeclaredSize(Math.abs((long) (int) u32le(b, 18)), Math.abs((long) (int) u32le(b, 22)));
  }

  /** The first start-of-frame segment's lines and samples per line. */
  private static DeclaredSize jpeg(byte[] b) {
    int pos = 2;
    while (pos + 9 <= b.length && (b[pos] & 0xFF) == 0xFF) {
      int marker = b[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        pos++;
        continue;
      }
      if (isStartOfFrame(marker)) {
        return new DeclaredSize(u16(b, pos + 7), u16(b, pos + 5));
      }
      if (marker == 0xDA) {
        return null;
      }
      pos += 2 + u16(b, pos + 2);
    }
    return null;
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }
}
