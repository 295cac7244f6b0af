package iras.worker.answer;

import iras.core.faces.GalleryEntry;
import iras.core.faces.GalleryStore;
import iras.core.job.FaceBox;
import iras.core.job.FaceMatch;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.model.WarmUp;
import iras.model.face.FaceDescriber;
import iras.model.face.FaceDescription;
import iras.model.face.Gallery;
import iras.model.face.GalleryMatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A face model's answers. A job that enrols adds the descriptor of its image's most prominent face (the largest,
 * then the most confident) to the gallery under the person's name; any other is answered with the person each face
 * is, or {@code unknown} for a face farther than the model's distance from everyone enrolled, and labelled with the
 * most prominent face's answer. Enrolments come first, so a batch that enrols and asks at once
 * is matched against the gallery that includes them.
 */
final class FaceAnswerer implements Answerer {
  private final FaceDescriber model;
  private final GalleryStore store;
  private final GalleryFollower gallery;
  private final Clock clock;

  FaceAnswerer(FaceDescriber model, GalleryStore store, Clock clock) {
    this.model = model;
    this.store = store;
    this.clock = clock;
    this.gallery = new GalleryFollower(store, clock);
  }

  @Override
  public String modelName() {
    return model.modelName();
  }

  @Override
  public String galleryVersion() {
    return gallery.current().version();
  }

  @Override
  public List<ImageResult> answer(List<ImageJob> jobs, List<byte[]> images, String instance) {
    long start = System.nanoTime();
    List<FaceDescription> descriptions = model.describe(images);
    long perImageMs = Answerer.perImageMs(start, images.size());
    boolean enrolled = false;
    for (int i = 0; i < jobs.size(); i++) {
      ImageJob job = jobs.get(i);
      FaceDescription d = descriptions.get(i);
      if (job.enrolls() && d.ok()) {
        store.add(new GalleryEntry(job.enrollAs(), job.id(), job.name(), d.descriptor(), box(d.face()),
            clock.instant()));
        enrolled = true;
      }
    }
    Gallery current = enrolled ? gallery.reread() : gallery.current();
    List<ImageResult> results = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      ImageJob job = jobs.get(i);
      FaceDescription d = descriptions.get(i);
      if (!d.ok()) {
        results.add(ImageResult.failure(job, d.error(), instance));
      } else if (job.enrolls()) {
        List<FaceMatch.Face> faces = d.faces().stream()
            .map(f -> new FaceMatch.Face(box(f.box()), null, null, null, null, null)).toList();
        results.add(ImageResult.face(job, job.enrollAs(), new FaceMatch(d.detected(), box(d.face()), null, null,
            null, current.version(), null, null, faces), modelName(), instance, perImageMs));
      } else if (current.isEmpty()) {
        results.add(ImageResult.failure(job, "no one is enrolled in the face gallery yet: enrol people"
            + " with POST /api/faces, the upload page's People section or iras faces import", instance));
      } else {
        List<FaceMatch.Face> faces = d.faces().stream().map(f -> named(f, current)).toList();
        FaceMatch.Face first = faces.get(0);
        results.add(ImageResult.face(job, first.name(), new FaceMatch(d.detected(), first.box(), first.distance(),
            first.runnerUp(), first.runnerUpDistance(), current.version(), first.nearest(), model.unknownBeyond(),
            faces), modelName(), instance, perImageMs));
      }
    }
    return results;
  }

  /** The face's nearest enrolled person, named when within the model's distance for unknown faces. */
  private FaceMatch.Face named(FaceDescription.Face face, Gallery gallery) {
    GalleryMatch m = gallery.nearest(face).orElseThrow();
    String name = m.distance() <= model.unknownBeyond() ? m.name() : FaceMatch.UNKNOWN;
    return new FaceMatch.Face(box(face.box()), name, m.name(), m.distance(), m.runnerUp(),
        m.runnerUp() == null ? null : m.runnerUpDistance());
  }

  private static FaceBox box(iras.model.face.FaceBox f) {
    return f == null ? null : new FaceBox(f.x(), f.y(), f.width(), f.height(), f.score());
  }

  @Override
  public long warmUp(int batchSize) {
    long start = System.nanoTime();
    // On a photo's size the detector also runs at its largest side, 14 times the pixels of the smallest: the passes
    // that warm up the code run on a smaller image, and one photo-sized image prepares the largest side.
    WarmUp.run(model::describe, batchSize, WarmUp.syntheticJpeg(320, 240, 546));
    model.describe(List.of(WarmUp.syntheticJpeg(640, 480, 546)));
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Override
  public void close() {
    model.close();
  }
}
