package iras.web.submit;

import iras.core.job.ImageJob;
import java.nio.charset.StandardCharsets;

/**
 * Turns whatever a client sent as a file name into a short, printable name with no directory parts: at most
 * {@link #MAX_LENGTH} characters, and few enough bytes for its job's request message ({@link
 * ImageJob#MAX_NAME_BYTES}), which fewer characters outside ASCII fill. Markup in a name is kept as text: every page
 * escapes it when it shows it.
 *
 * <p>The course's profile stores each upload under its name and its answer under the name without extension, so a
 * name must also be one S3 and a file system can hold as an object key: at most {@link #MAX_BYTES} bytes of UTF-8
 * (a file name holds 255, and a store on a file system writes each object first under its name and 37 more), and
 * never a part before the extension that is empty of all but dots ({@code ..jpg} would
 * answer under {@code .}), which becomes {@code upload} with the name's extension.
 */
public final class FileNames {
  static final int MAX_LENGTH = 200;
  static final int MAX_BYTES = 200;

  private FileNames() {}

  public static String sanitize(String submitted) {
    String name = submitted == null ? "" : submitted;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    // Control characters and invisible format characters (such as right-to-left overrides that disguise an
    // extension) go; everything else a person might name a file stays.
    name = name.codePoints()
        .filter(c -> !invisible(c))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString()
        .strip();
    if (name.codePointCount(0, name.length()) > MAX_LENGTH || tooManyBytes(name)) {
      int dot = name.lastIndexOf('.');
      String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
      String stem = name.substring(0, name.length() - ext.length());
      stem = stem.substring(0, stem.offsetByCodePoints(0,
          Math.min(stem.codePointCount(0, stem.length()), MAX_LENGTH - ext.length())));
      while (tooManyBytes(stem + ext)) {
        stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
      }
      name = stem + ext;
    }
    if (name.chars().allMatch(c -> c == '.')) {
      return "upload";
    }
    String stem = ImageJob.baseName(name);
    return stem.chars().allMatch(c -> c == '.') ? "upload" + name.substring(stem.length()) : name;
  }

  private static boolean tooManyBytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES
        || ImageJob.messageBytes(name) > ImageJob.MAX_NAME_BYTES;
  }

  /** Control characters and format characters (such as right-to-left overrides): nothing a reader could see. */
  static boolean invisible(int codePoint) {
    return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT;
  }
}
