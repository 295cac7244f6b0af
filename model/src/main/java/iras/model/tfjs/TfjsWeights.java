package iras.model.tfjs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads TensorFlow.js weights: a manifest ({@code [{"paths": [...], "weights": [{"name", "shape", "dtype",
 * "quantization"?}]}]}) and the binary shards it names, whose tensors lie one after another in manifest order.
 * A tensor quantized to uint8 takes one byte per value, {@code value = q * scale + min}; one without quantization is
 * little-endian float32. Only float32 tensors (possibly uint8-quantized) are supported, which is what the face
 * models hold.
 */
public final class TfjsWeights {
  private final Map<String, TfjsTensor> tensors;

  private TfjsWeights(Map<String, TfjsTensor> tensors) {
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /** Reads a manifest and the shards it names, which lie beside it. */
  public static TfjsWeights read(Path manifest) throws IOException {
    return read(manifest, name -> manifest.resolveSibling(name));
  }

  /**
   * Reads a manifest and its shards from where {@code shards} places each shard's name.
   *
   * @throws TfjsFormatException when the manifest is malformed or the shards do not hold exactly its tensors
   */
  public static TfjsWeights read(Path manifest, ShardLocator shards) throws IOException {
    JsonNode groups;
    try {
      groups = JsonMapper.builder().build().readTree(Files.readAllBytes(manifest));
    } catch (JacksonException e) {
      throw new TfjsFormatException(manifest + " is not a TF.js weights manifest: " + e.getOriginalMessage());
    }
    if (!groups.isArray()) {
      throw new TfjsFormatException(manifest + " is not a TF.js weights manifest: not a JSON array");
    }
    Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
    for (JsonNode group : groups) {
      ByteBuffer data = concatenate(group.path("paths"), shards, manifest);
      for (JsonNode weight : group.path("weights")) {
        TfjsTensor tensor = tensor(weight, data, manifest);
        tensors.put(tensor.name(), tensor);
      }
      if (data.hasRemaining()) {
        throw new TfjsFormatException(manifest + ": " + data.remaining() + " bytes left over after the last tensor");
      }
    }
    return new TfjsWeights(tensors);
  }

  /** Where the shard of a manifest with a given file name is. */
  @FunctionalInterface
  public interface ShardLocator {
    Path locate(String name);
  }

  public Map<String, TfjsTensor> tensors() {
    return tensors;
  }

  /** @throws IllegalArgumentException when there is no such tensor or it has another shape */
  public TfjsTensor get(String name, int... shape) {
    TfjsTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("the weights have no tensor " + name);
    }
    if (!Arrays.equals(tensor.shape(), shape)) {
      throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(tensor.shape())
          + ", expected " + Arrays.toString(shape));
    }
    return tensor;
  }

  private static ByteBuffer concatenate(JsonNode paths, ShardLocator shards, Path manifest) throws IOException {
    if (!paths.isArray() || paths.isEmpty()) {
      throw new TfjsFormatException(manifest + ": a weight group without paths");
    }
    byte[][] parts = new byte[paths.size()][];
    int total = 0;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = Files.readAllBytes(shards.locate(paths.get(i).asString()));
      total = Math.addExact(total, parts[i].length);
    }
    ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] part : parts) {
      all.put(part);
    }
    return all.flip();
  }

  private static TfjsTensor tensor(JsonNode weight, ByteBuffer data, Path manifest) throws TfjsFormatException {
    String name = weight.path("name").asString("");
    JsonNode shapeNode = weight.path("shape");
    if (name.isEmpty() || !shapeNode.isArray()) {
      throw new TfjsFormatException(manifest + ": a weight without name or shape: " + weight);
    }
    int[] shape = new int[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asInt(-1);
      if (shape[i] < 0) {
        throw new TfjsFormatException(manifest + ": " + name + " has a bad shape " + shapeNode);
      }
      count *= shape[i];
    }
    if (!"float32".equals(weight.path("dtype").asString(""))) {
      throw new TfjsFormatException(manifest + ": " + name + " has dtype " + weight.path("dtype")
          + "; only float32 is supported");
    }
    JsonNode quantization = weight.path("quantization");
    boolean quantized = !quantization.isMissingNode();
    if (quantized && !"uint8".equals(quantization.path("dtype").asString(""))) {
      throw new TfjsFormatException(manifest + ": " + name + " is quantized to " + quantization.path("dtype")
          + "; only uint8 is supported");
    }
    long bytes = quantized ? count : 4 * count;
    if (bytes > data.remaining()) {
      throw new TfjsFormatException(manifest + ": the weights end inside " + name + " (" + bytes
          + " bytes needed, " + data.remaining() + " left)");
    }
    float[] values = new float[(int) count];
    if (quantized) {
      double scale = quantization.path("scale").asDouble();
      double min = quantization.path("min").asDouble();
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (Byte.toUnsignedInt(data.get()) * scale + min);
      }
    } else {
      data.asFloatBuffer().get(values);
      data.position(data.position() + 4 * values.length);
    }
    return new TfjsTensor(name, shape, values);
  }
}
