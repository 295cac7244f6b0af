package iras.web.submit;

import java.util.Optional;

/** The image formats the service accepts, recognised by their first bytes rather than by name or header. */
public enum ImageType {
  JPEG("image/jpeg", new int[] {0xFF, 0xD8, 0xFF}),
  PNG("image/png", new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}),
  GIF("image/gif", new int[] {'G', 'I', 'F', '8'}),
  BMP("image/bmp", new int[] {'B', 'M'});

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
}
