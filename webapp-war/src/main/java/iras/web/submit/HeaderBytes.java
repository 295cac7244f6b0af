package iras.web.submit;

/** Numbers in an image file's header, big-endian (PNG, JPEG) or little-endian (GIF, BMP), as the readers need them. */
final class HeaderBytes {
  private HeaderBytes() {}

  static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  static long u32(byte[] b, int at) {
    return (long) u16(b, at) << 16 | u16(b, at + 2);
  }

  static int u16le(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  static long u32le(byte[] b, int at) {
    return u16le(b, at) | (long) u16le(b, at + 2) << 16;
  }
}
