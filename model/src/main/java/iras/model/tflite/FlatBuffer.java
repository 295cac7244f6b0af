package iras.model.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds-checked access to a FlatBuffer. Every offset read from the file is treated as hostile: it is checked
 * against the buffer before use, and reports which field of which object was wrong.
 */
final class FlatBuffer {
  private final ByteBuffer buf;
  private final int length;
  /**
   * Elements that may still be read. Tables and vectors may be shared, so a crafted file of a few kilobytes
   * could make a naive reader visit the same large vector millions of times (a hang, or an OOM from copies).
   * A well-formed file reads each byte about once, so twice its size plus slack is never hit by a real model.
   */
  private long budget;

  FlatBuffer(byte[] bytes) {
    this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    this.length = bytes.length;
    this.budget = 2L * bytes.length + 65_536;
  }

  /** The four bytes after the root offset, the FlatBuffers file identifier. */
  String identifier() throws TfliteFormatException {
    check(4, 4, "file identifier");
    byte[] id = new byte[4];
    buf.get(4, id);
    StringBuilder s = new StringBuilder();
    for (byte b : id) {
      s.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
    }
    return s.toString();
  }

  Table root(String what) throws TfliteFormatException {
    check(0, 4, what + " offset");
    return table(uoffsetTarget(0, what), what);
  }

  private long uoffsetTarget(int at, String what) throws TfliteFormatException {
    long target = at + Integer.toUnsignedLong(buf.getInt(at));
    if (target >= length) {
      throw new TfliteFormatException(what + ": offset at byte " + at + " points to byte " + target
          + ", beyond the end of the file (" + length + " bytes)");
    }
    return target;
  }

  private Table table(long pos, String what) throws TfliteFormatException {
    spend(1, what);
    check(pos, 4, what);
    int tablePos = (int) pos;
    long vtable = tablePos - (long) buf.getInt(tablePos);
    if (vtable < 0 || vtable + 4 > length) {
      throw new TfliteFormatException(what + ": table at byte " + tablePos + " has its vtable at byte "
          + vtable + ", outside the file (" + length + " bytes)");
    }
    int vtablePos = (int) vtable;
    int vtableSize = Short.toUnsignedInt(buf.getShort(vtablePos));
    int inlineSize = Short.toUnsignedInt(buf.getShort(vtablePos + 2));
    if (vtableSize < 4 || vtableSize % 2 != 0 || vtablePos + (long) vtableSize > length) {
      throw new TfliteFormatException(what + ": vtable at byte " + vtablePos + " declares size " + vtableSize
          + ", which is invalid or runs past the end of the file (" + length + " bytes)");
    }
    if (inlineSize < 4 || tablePos + (long) inlineSize > length) {
      throw new TfliteFormatException(what + ": table at byte " + tablePos + " declares size " + inlineSize
          + ", which is invalid or runs past the end of the file (" + length + " bytes)");
    }
    return new Table(tablePos, vtablePos, vtableSize, inlineSize, what);
  }

  private void check(long pos, long size, String what) throws TfliteFormatException {
    if (pos < 0 || size < 0 || pos + size > length) {
      throw new TfliteFormatException(what + ": " + size + " bytes at byte " + pos
          + " lie outside the file (" + length + " bytes)");
    }
  }

  private void spend(long elements, String what) throws TfliteFormatException {
    budget -= elements;
    if (budget < 0) {
      throw new TfliteFormatException(what + ": the file refers to far more data than it holds"
          + " (shared or overlapping structures); refusing to read further");
    }
  }

  /** A table: fields are looked up through its vtable; an absent field has its schema default. */
  final class Table {
    private final int pos;
    private final int vtable;
    private final int vtableSize;
    private final int inlineSize;
    private final String what;

    private Table(int pos, int vtable, int vtableSize, int inlineSize, String what) {
      this.pos = pos;
      this.vtable = vtable;
      this.vtableSize = vtableSize;
      this.inlineSize = inlineSize;
      this.what = what;
    }

    String what() {
      return what;
    }

    /** Absolute position of a field, or -1 when absent. */
    private int field(int id, int size, String name) throws TfliteFormatException {
      int entry = 4 + 2 * id;
      if (entry + 2 > vtableSize) {
        return -1;
      }
      int offset = Short.toUnsignedInt(buf.getShort(vtable + entry));
      if (offset == 0) {
        return -1;
      }
      if (offset + size > inlineSize) {
        throw new TfliteFormatException(what + "." + name + ": field at offset " + offset
            + " of the table at byte " + pos + " runs past the table's " + inlineSize + " bytes");
      }
      return pos + offset;
    }

    byte int8(int id, String name, byte dflt) throws TfliteFormatException {
      int at = field(id, 1, name);
      return at < 0 ? dflt : buf.get(at);
    }

    int uint8(int id, String name, int dflt) throws TfliteFormatException {
      int at = field(id, 1, name);
      return at < 0 ? dflt : Byte.toUnsignedInt(buf.get(at));
    }

    int int32(int id, String name, int dflt) throws TfliteFormatException {
      int at = field(id, 4, name);
      return at < 0 ? dflt : buf.getInt(at);
    }

    long uint32(int id, String name, long dflt) throws TfliteFormatException {
      int at = field(id, 4, name);
      return at < 0 ? dflt : Integer.toUnsignedLong(buf.getInt(at));
    }

    long int64(int id, String name, long dflt) throws TfliteFormatException {
      int at = field(id, 8, name);
      return at < 0 ? dflt : buf.getLong(at);
    }

    float float32(int id, String name, float dflt) throws TfliteFormatException {
      int at = field(id, 4, name);
      return at < 0 ? dflt : buf.getFloat(at);
    }

    /** The table a field refers to, or null when absent. */
    Table table(int id, String name) throws TfliteFormatException {
      int at = field(id, 4, name);
      return at < 0 ? null : FlatBuffer.this.table(uoffsetTarget(at, what + "." + name), what + "." + name);
    }

    /** Position of the first element and the element count of a vector field, or null when absent. */
    private long[] vector(int id, String name, int elementSize) throws TfliteFormatException {
      int at = field(id, 4, name);
      if (at < 0) {
        return null;
      }
      String where = what + "." + name;
      long vec = uoffsetTarget(at, where);
      check(vec, 4, where + " length");
      long count = Integer.toUnsignedLong(buf.getInt((int) vec));
      check(vec + 4, count * elementSize, where + " (" + count + " elements)");
      spend(count, where);
      return new long[] {vec + 4, count};
    }

    int[] int32s(int id, String name) throws TfliteFormatException {
      long[] v = vector(id, name, 4);
      if (v == null) {
        return null;
      }
      int[] out = new int[(int) v[1]];
      for (int i = 0; i < out.length; i++) {
        out[i] = buf.getInt((int) v[0] + 4 * i);
      }
      return out;
    }

    long[] int64s(int id, String name) throws TfliteFormatException {
      long[] v = vector(id, name, 8);
      if (v == null) {
        return null;
      }
      long[] out = new long[(int) v[1]];
      for (int i = 0; i < out.length; i++) {
        out[i] = buf.getLong((int) v[0] + 8 * i);
      }
      return out;
    }

    float[] float32s(int id, String name) throws TfliteFormatException {
      long[] v = vector(id, name, 4);
      if (v == null) {
        return null;
      }
      float[] out = new float[(int) v[1]];
      for (int i = 0; i < out.length; i++) {
        out[i] = buf.getFloat((int) v[0] + 4 * i);
      }
      return out;
    }

    byte[] bytes(int id, String name) throws TfliteFormatException {
      long[] v = vector(id, name, 1);
      if (v == null) {
        return null;
      }
      byte[] out = new byte[(int) v[1]];
      buf.get((int) v[0], out);
      return out;
    }

    String string(int id, String name) throws TfliteFormatException {
      byte[] utf8 = bytes(id, name);
      if (utf8 == null) {
        return null;
      }
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(utf8))
            .toString();
      } catch (CharacterCodingException e) {
        throw new TfliteFormatException(what + "." + name + ": string is not valid UTF-8");
      }
    }

    /** The tables of a vector-of-tables field, or an empty list when absent. */
    List<Table> tables(int id, String name) throws TfliteFormatException {
      long[] v = vector(id, name, 4);
      if (v == null) {
        return List.of();
      }
      List<Table> out = new ArrayList<>();
      for (int i = 0; i < v[1]; i++) {
        String where = what + "." + name + "[" + i + "]";
        int at = (int) v[0] + 4 * i;
        out.add(FlatBuffer.this.table(uoffsetTarget(at, where), where));
      }
      return out;
    }
  }
}
