package iras.web.submit;

import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;

/** One file as a client sent it: its name, its size, and its bytes, read only once the size is acceptable. */
public interface Upload {
  String submittedName();

  long size();

  byte[] bytes() throws IOException;

  static Upload of(Part part) {
    return new Upload() {
      @Override
      public String submittedName() {
        return part.getSubmittedFileName();
      }

      @Override
      public long size() {
        return part.getSize();
      }

      @Override
      public byte[] bytes() throws IOException {
        try (InputStream in = part.getInputStream()) {
          return in.readAllBytes();
        }
      }
    };
  }

  static Upload of(String submittedName, byte[] bytes) {
    return new Upload() {
      @Override
      public String submittedName() {
        return submittedName;
      }

      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public byte[] bytes() {
        return bytes;
      }
    };
  }
}
