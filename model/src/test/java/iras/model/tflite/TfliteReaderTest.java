package iras.model.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import iras.model.SharedFiles;
import iras.model.tflite.BuiltinOptions.Activation;
import iras.model.tflite.BuiltinOptions.Padding;
import iras.model.tflite.TfliteModel.Operator;
import iras.model.tflite.TfliteModel.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfliteReaderTest {
  private static byte[] v2;
  private static byte[] v1;

  @BeforeAll
  static void readFiles() throws IOException {
    v2 = Files.readAllBytes(SharedFiles.model(SharedFiles.V2));
    v1 = Files.readAllBytes(SharedFiles.model(SharedFiles.V1_025));
  }

  @Test
  void readsTheStructureOfMobileNetV2() throws Exception {
    TfliteModel model = TfliteReader.read(v2);

    assertEquals(3, model.version());
    Set<String> ops = model.operatorCodes().stream()
        .map(TfliteModel.OperatorCode::name)
        .collect(Collectors.toSet());
    assertEquals(Set.of("CONV_2D", "DEPTHWISE_CONV_2D", "ADD", "AVERAGE_POOL_2D", "RESHAPE", "SOFTMAX"), ops);
    TfliteModel.SubGraph sg = model.subgraph();
    assertEquals(66, sg.operators().size());

    Tensor input = sg.tensors().get(sg.inputs()[0]);
    assertArrayEquals(new int[] {1, 224, 224, 3}, input.shape());
    assertEquals(TfliteModel.TensorType.UINT8, input.type());
    assertEquals(0.0078125f, input.quantization().scale()[0]);
    assertEquals(128, input.quantization().zeroPoint()[0]);
    assertArrayEquals(new int[] {1, 1001}, sg.tensors().get(sg.outputs()[0]).shape());

    Operator first = sg.operators().get(0);
    assertEquals("CONV_2D", model.operatorCodes().get(first.opcodeIndex()).name());
    assertEquals(new BuiltinOptions.Conv2D(Padding.SAME, 2, 2, Activation.RELU6, 1, 1), first.options());
    Tensor filter = sg.tensors().get(first.inputs()[1]);
    assertArrayEquals(new int[] {32, 3, 3, 3}, filter.shape());
    assertEquals(32 * 3 * 3 * 3, model.buffers().get(filter.buffer()).length);
    Tensor bias = sg.tensors().get(first.inputs()[2]);
    assertEquals(TfliteModel.TensorType.INT32, bias.type());
    // An int32 bias is quantized with scale_input * scale_filter.
    assertEquals(input.quantization().scale()[0] * filter.quantization().scale()[0],
        bias.quantization().scale()[0], 1e-9);
  }

  @Test
  void emptyFileIsRejected() {
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(new byte[0]));
    assertTrue(e.getMessage().contains("0 bytes is too short"), e.getMessage());
  }

  @Test
  void emptyFileOnDiskIsRejectedNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = Files.createFile(dir.resolve("empty.tflite"));
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(file));
    assertTrue(e.getMessage().startsWith("empty.tflite: "), e.getMessage());
  }

  @Test
  void wrongFileIdentifierIsNamed() {
    byte[] bytes = v1.clone();
    System.arraycopy("PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 4, 4);
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(bytes));
    assertEquals("not a TFLite model: file identifier is \"PK\\x03\\x04\", expected \"TFL3\"", e.getMessage());
  }

  @Test
  void truncatedFilesAreRejectedAtEveryCutPoint() {
    // These files end with a ZIP of label files appended after the FlatBuffer (about the last 4%), which a
    // truncation may leave out without damaging the model; cut points stay within the FlatBuffer.
    int end = (int) (v1.length * 0.95);
    for (int i = 0; i <= 200; i++) {
      int cut = (int) ((long) end * i / 200);
      byte[] truncated = Arrays.copyOf(v1, cut);
      TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(truncated),
          "cut at " + cut);
      assertTrue(e.getMessage().contains("too short") || e.getMessage().contains("(" + cut + " bytes)"),
          "the message names the file size: " + e.getMessage());
    }
  }

  @Test
  void truncationInsideTheOperatorTablesIsReported() {
    int operatorCodes = deref(v1, field(v1, root(v1), 1));
    byte[] truncated = Arrays.copyOf(v1, operatorCodes + 2);
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(truncated));
    assertTrue(e.getMessage().startsWith("model.operator_codes"), e.getMessage());
  }

  @Test
  void randomBytesAreRejected() {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[random.nextInt(5000)];
      random.nextBytes(bytes);
      assertThrows(TfliteFormatException.class, () -> TfliteReader.read(bytes));
    }
  }

  @Test
  void randomBytesBehindAValidHeaderAreRejectedCleanly() {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[8 + random.nextInt(4000)];
      random.nextBytes(bytes);
      // A small root offset, so the reader gets past the header into random tables.
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, random.nextInt(bytes.length));
      System.arraycopy("TFL3".getBytes(StandardCharsets.US_ASCII), 0, bytes, 4, 4);
      readFailingOnlyWithFormatException(bytes);
    }
  }

  @Test
  void randomlyCorruptedModelsFailOnlyWithTfliteFormatException() {
    Random random = new Random(11);
    int rejected = 0;
    for (int i = 0; i < 500; i++) {
      byte[] bytes = v1.clone();
      for (int k = 1 + random.nextInt(8); k > 0; k--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      rejected += readFailingOnlyWithFormatException(bytes) ? 0 : 1;
    }
    // Most bytes of a model are weights, where corruption is invisible to a parser.
    assertTrue(rejected > 10, "some corruptions hit the structure: " + rejected);
  }

  @Test
  void rootOffsetBeyondTheFileIsReported() {
    byte[] bytes = v1.clone();
    putInt(bytes, 0, 0x7fff_fff0);
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(bytes));
    assertEquals("model: offset at byte 0 points to byte 2147483632, beyond the end of the file (525598 bytes)",
        e.getMessage());
  }

  @Test
  void vtableOutsideTheFileIsReported() {
    byte[] bytes = v1.clone();
    int root = root(bytes);
    putInt(bytes, root, -10_000_000);
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(bytes));
    assertTrue(e.getMessage().startsWith("model: table at byte " + root + " has its vtable at byte "),
        e.getMessage());
  }

  @Test
  void vectorLengthBeyondTheFileIsReported() {
    byte[] bytes = v1.clone();
    int subgraphs = deref(bytes, field(bytes, root(bytes), 2));
    putInt(bytes, subgraphs, 0x0fff_ffff);
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(bytes));
    assertTrue(e.getMessage().startsWith("model.subgraphs (268435455 elements): "), e.getMessage());
    assertTrue(e.getMessage().endsWith("lie outside the file (525598 bytes)"), e.getMessage());
  }

  @Test
  void fieldOffsetBeyondItsTableIsReported() {
    byte[] bytes = v1.clone();
    int code = element(bytes, deref(bytes, field(bytes, root(bytes), 1)), 0);
    int vtable = code - getInt(bytes, code);
    bytes[vtable + 4] = (byte) 0xf0;
    bytes[vtable + 5] = (byte) 0x7f;
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(bytes));
    assertTrue(e.getMessage().startsWith("model.operator_codes[0].deprecated_builtin_code: field at offset 32752"),
        e.getMessage());
  }

  @Test
  void tensorIndexOutOfRangeIsReported() {
    byte[] bytes = v1.clone();
    int subgraph = element(bytes, deref(bytes, field(bytes, root(bytes), 2)), 0);
    int operator = element(bytes, deref(bytes, field(bytes, subgraph, 3)), 5);
    int inputs = deref(bytes, field(bytes, operator, 1));
    putInt(bytes, inputs + 4, 99_999);
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(bytes));
    assertEquals("model.subgraphs[0].operators[5].inputs: tensor index 99999 is out of range (89 tensors)",
        e.getMessage());
  }

  @Test
  void bufferIndexOutOfRangeIsReported() {
    byte[] bytes = v1.clone();
    int subgraph = element(bytes, deref(bytes, field(bytes, root(bytes), 2)), 0);
    int tensor = element(bytes, deref(bytes, field(bytes, subgraph, 0)), 3);
    putInt(bytes, field(bytes, tensor, 2), 5000);
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(bytes));
    assertEquals("model.subgraphs[0].tensors[3]: buffer index 5000 is out of range (92 buffers)", e.getMessage());
  }

  @Test
  void sharedDataReadOverAndOverIsRefused() {
    // FlatBuffers may share tables, so a small file can name the same large buffer thousands of times; a
    // naive reader would copy it each time (a hang or an OOM for a crafted file). Here all 92 buffer entries
    // name the largest buffer: 92 x 256 KB from a 0.5 MB file.
    byte[] bytes = v1.clone();
    int buffers = deref(bytes, field(bytes, root(bytes), 4));
    int count = getInt(bytes, buffers);
    int largest = 0;
    int largestSize = -1;
    for (int i = 0; i < count; i++) {
      int buffer = element(bytes, buffers, i);
      int size = hasField(bytes, buffer, 0) ? getInt(bytes, deref(bytes, field(bytes, buffer, 0))) : 0;
      if (size > largestSize) {
        largest = buffer;
        largestSize = size;
      }
    }
    for (int i = 0; i < count; i++) {
      int slot = buffers + 4 + 4 * i;
      putInt(bytes, slot, largest - slot);
    }
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteReader.read(bytes));
    assertTrue(e.getMessage().contains("refers to far more data than it holds"), e.getMessage());
  }

  private static boolean readFailingOnlyWithFormatException(byte[] bytes) {
    try {
      TfliteReader.read(bytes);
      return true;
    } catch (TfliteFormatException e) {
      assertTrue(!e.getMessage().isBlank());
      return false;
    } catch (RuntimeException | Error e) {
      fail("a malformed file must raise TfliteFormatException, got " + e, e);
      return false;
    }
  }

  // Minimal FlatBuffer navigation, to corrupt chosen fields of a real file.

  private static int root(byte[] b) {
    return getInt(b, 0);
  }

  /** Absolute position of field {@code id} of the table at {@code table}. */
  private static int field(byte[] b, int table, int id) {
    assertTrue(hasField(b, table, id), "field " + id + " present");
    return table + fieldOffset(b, table, id);
  }

  private static boolean hasField(byte[] b, int table, int id) {
    return fieldOffset(b, table, id) != 0;
  }

  private static int fieldOffset(byte[] b, int table, int id) {
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int vtable = table - buf.getInt(table);
    int entry = 4 + 2 * id;
    return entry + 2 > Short.toUnsignedInt(buf.getShort(vtable)) ? 0
        : Short.toUnsignedInt(buf.getShort(vtable + entry));
  }

  private static int deref(byte[] b, int at) {
    return at + getInt(b, at);
  }

  private static int element(byte[] b, int vector, int index) {
    return deref(b, vector + 4 + 4 * index);
  }

  private static int getInt(byte[] b, int at) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
  }

  private static void putInt(byte[] b, int at, int value) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
  }
}
