package iras.benchmarks;

import iras.model.ClassifierOptions;
import iras.model.catalog.Classifiers;
import iras.model.ImageClassifier;
import java.io.IOException;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * deeplearning4j-zoo's ImageNet networks through the model catalog, untrained ({@code weights=random}: the
 * pretrained weights cannot be downloaded here, and the arithmetic is the same).
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class ZooBenchmark extends ClassifierBenchmark {
  @Param({"squeezenet", "darknet19", "resnet50", "vgg16"})
  public String model;

  @Override
  protected ImageClassifier open() throws IOException {
    return Classifiers.open("zoo:" + model + "?weights=random",
        ClassifierOptions.defaults(ScratchFolder.create("iras-bench")).withThreads(threads));
  }
}
