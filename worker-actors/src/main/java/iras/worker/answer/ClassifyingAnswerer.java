package iras.worker.answer;

import iras.core.job.Guess;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.model.ImageClassifier;
import iras.model.Prediction;
import iras.model.WarmUp;
import java.util.ArrayList;
import java.util.List;

/** An image classifier's answers: the most probable class and the top five. It enrols no one. */
final class ClassifyingAnswerer implements Answerer {
  private final ImageClassifier model;

  ClassifyingAnswerer(ImageClassifier model) {
    this.model = model;
  }

  @Override
  public String modelName() {
    return model.modelName();
  }

  @Override
  public List<ImageResult> answer(List<ImageJob> jobs, List<byte[]> images, String instance) {
    long start = System.nanoTime();
    List<Prediction> predictions = model.classify(images);
    long perImageMs = Answerer.perImageMs(start, images.size());
    List<ImageResult> results = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      ImageJob job = jobs.get(i);
      Prediction p = predictions.get(i);
      if (job.enrolls()) {
        results.add(ImageResult.failure(job, "this deployment's model (" + model.modelName() + ") does not"
            + " recognise faces, so no one can be enrolled: run the service with IRAS_MODEL=face", instance));
      } else if (p.ok()) {
        results.add(ImageResult.success(job, p.top5().stream().map(g -> new Guess(g.label(), g.confidence())).toList(),
            model.modelName(), instance, perImageMs));
      } else {
        results.add(ImageResult.failure(job, p.error(), instance));
      }
    }
    return results;
  }

  @Override
  public long warmUp(int batchSize) {
    return WarmUp.run(model, batchSize);
  }

  @Override
  public void close() {
    model.close();
  }
}
