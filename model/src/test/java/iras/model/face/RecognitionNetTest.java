package iras.model.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.SharedFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class RecognitionNetTest {

  @Test
  void theReferenceInputGivesTheReferenceDescriptor() throws Exception {
    RecognitionNet net = SharedNets.recognition();
    int size = RecognitionNet.SIZE;
    ByteBuffer nhwc = ByteBuffer.wrap(Files.readAllBytes(SharedFiles.faceApi().resolve("reference/test_00.input150.f32")))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(size * size * 3 * 4, nhwc.remaining());
    float[] nchw = new float[3 * size * size];
    for (int i = 0; i < size * size; i++) {
      for (int c = 0; c < 3; c++) {
        nchw[c * size * size + i] = (nhwc.getFloat() - RecognitionNet.MEAN[c]) / 255f;
      }
    }
    float[] descriptor = net.forward(Nd4j.create(nchw, new long[] {1, 3, size, size}, 'c')).toFloatVector();
    float[] expected = Reference.floats(Reference.image("test_00.jpg").path("wholeImageDescriptor"));
    double difference = Reference.maxDifference(expected, descriptor);
    System.out.printf("descriptor of the reference input: max |difference| %.2e%n", difference);
    assertTrue(difference < 1e-4, "max difference " + difference);
  }
}
