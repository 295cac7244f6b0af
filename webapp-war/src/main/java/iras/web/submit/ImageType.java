package iras.web.submit;

import static iras.web.submit.HeaderBytes.u16;
import static iras.web.submit.HeaderBytes.u16le;
import static iras.web.submit.HeaderBytes.u32;
import static iras.web.submit.HeaderBytes.u32le;

import java.util.Optional;

/**
 * The image formats the service accepts, recognised by their first bytes rather than by name or header, and checked
 * for being whole: a file cut off in transfer is refused here instead of failing later in a worker.
 */
public enum ImageType {
  JPEG("image/jpeg", new int[] {0xFF, 0xD8, 0xFF}) {
    @Override
    Optional<String> defect(byte[] b) {
      int pos = 2;
      while (true) {
        if (pos + 4 > b.length || (b[pos] & 0xFF) != 0xFF) {
          return cutOff("its header ends early");
        }
        int marker = b[pos + 1] & 0xFF;
        if (marker == 0xFF) {
          pos++; // fill byte
          continue;
        }
        int length = u16(b, pos + 2);
        if (length < 2 || pos + 2 + length > b.length) {
          return cutOff("a header segment runs past the end");
        }
        pos += 2 + length;
        if (marker == 0xDA) {
          break; // start of scan: entropy-coded data follows
        }
      }
      // Entropy-coded data escapes 0xFF, so the end-of-image marker after the first scan is the real end.
      for (int i = b.length - 2; i >= pos; i--) {
        if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
          return Optional.empty();
        }
      }
      return cutOff("it has no end-of-image marker");
    }
  },
  PNG("image/png", new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}) {
    @Override
    Optional<String> defect(byte[] b) {
      long pos = 8;
      boolean first = true;
      while (pos + 12 <= b.length) {
        long length = u32(b, (int) pos);
        String type = new String(b, (int) pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (first && !type.equals("IHDR")) {
          return Optional.of("it does not start with an image header");
        }
        first = false;
        if (pos + 12 + length > b.length) {
          return cutOff("its " + type + " chunk runs past the end");
        }
        if (type.equals("IEND")) {
          return Optional.empty();
        }
        pos += 12 + length;
      }
      return cutOff("it has no IEND chunk");
    }
  },
  GIF("image/gif", new int[] {'G', 'I', 'F', '8'}) {
    @Override
    Optional<String> defect(byte[] b) {
      if (b.length < 13) {
        return cutOff("its header ends early");
      }
      int pos = 13 + colorTable(b[10]);
      while (pos < b.length) {
        int block = b[pos] & 0xFF;
        if (block == 0x3B) {
          return Optional.empty();
        } else if (block == 0x21) {
          pos = skipSubBlocks(b, pos + 2);
        } else if (block == 0x2C) {
          if (pos + 10 > b.length) {
            break;
          }
          pos = skipSubBlocks(b, pos + 10 + colorTable(b[pos + 9]) + 1);
        } else {
          return Optional.of("it holds an unknown block");
        }
      }
      return cutOff("it has no trailer");
    }

    private int colorTable(byte packed) {
      return (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));
    }

    private int skipSubBlocks(byte[] b, int pos) {
      while (pos < b.length) {
        int size = b[pos] & 0xFF;
        pos += 1 + size;
        if (size == 0) {
          return pos;
        }
      }
      return Integer.MAX_VALUE;
    }
  },
  BMP("image/bmp", new int[] {'B', 'M'}) {
    @Override
    Optional<String> defect(byte[] b) {
      if (b.length < 26) {
        return cutOff("its header ends early");
      }
      long pixelsAt = u32le(b, 10);
      long headerSize = u32le(b, 14);
      if (headerSize < 12) {
        return Optional.of("its header is not a bitmap header");
      }
      if (14 + headerSize > b.length) {
        return cutOff("its header ends early");
      }
      long width;
      long height;
      int bitsPerPixel;
      long compression = 0;
      if (headerSize == 12) {
        width = u16le(b, 18);
        height = u16le(b, 20);
        bitsPerPixel = u16le(b, 24);
      } else {
        if (b.length < 34) {
          return cutOff("its header ends early");
        }
        width = (int) u32le(b, 18);
        height = Math.abs((int) u32le(b, 22));
        bitsPerPixel = u16le(b, 28);
        compression = u32le(b, 30);
      }
      if (width <= 0 || height <= 0 || bitsPerPixel == 0) {
        return Optional.of("its size is " + width + "x" + height + " at " + bitsPerPixel + " bits per pixel");
      }
      // Uncompressed rows have a known size; compressed ones only need to start inside the file.
      long needed = compression == 0 || compression == 3
          ? pixelsAt + (bitsPerPixel * width + 31) / 32 * 4 * height
          : pixelsAt + 1;
      return needed > b.length ? cutOff("its pixels run past the end") : Optional.empty();
    }
  };

  private final String mediaType;
  private final int[] magic;

  ImageType(String mediaType, int[] magic) {
    this.mediaType = mediaType;
    this.magic = magic;
  }

  public String mediaType() {
    return mediaType;
  }

  public static Optional<ImageType> detect(byte[] bytes) {
    for (ImageType type : values()) {
      if (type.matches(bytes)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** Why bytes that start like this format are not a whole image of it, or empty when they are. */
  abstract Optional<String> defect(byte[] bytes);

  private boolean matches(byte[] bytes) {
    if (bytes.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((bytes[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> cutOff(String why) {
    return Optional.of("it is cut off or damaged (" + why + ")");
  }
}
