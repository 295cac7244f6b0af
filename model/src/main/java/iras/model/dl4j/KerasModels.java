package iras.model.dl4j;

import iras.model.ModelUri;
import iras.model.image.ModelInput;
import iras.model.image.PixelMapping;
import iras.model.source.ModelResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.KerasSequentialModel;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;

/**
 * {@code keras:<file.h5>}: a Keras model saved with its weights (HDF5), imported by DL4J. The graph keeps Keras'
 * channels-last input; pixel values default to [-1, 1] (Keras' usual "tf" preprocessing), {@code pixels=} says
 * otherwise.
 */
public final class KerasModels {
  private KerasModels() {}

  public static LoadedNetwork load(ModelUri uri) throws IOException {
    Path file = ModelResolver.existing(uri.location(), "Keras model");
    KerasModel keras;
    Model network;
    try {
      try {
        keras = builder(file).buildModel();
        network = keras.getComputationGraph(false);
      } catch (InvalidKerasConfigurationException notFunctional) {
        // A Sequential model is not a functional one; DL4J builds each kind its own way.
        KerasSequentialModel sequential = builder(file).buildSequential();
        keras = sequential;
        network = sequential.getMultiLayerNetwork(false);
      }
    } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException e) {
      throw new IOException("cannot import Keras model " + file + ": " + e.getMessage(), e);
    }
    // The Keras input layer's type is the model's input: its size, channels and channels-last layout.
    Optional<InputType> declared = keras.getInputLayerNames().size() == 1
        ? Optional.ofNullable(keras.getOutputTypes().get(keras.getInputLayerNames().get(0)))
        : Optional.empty();
    ModelInput input = NetworkInputs.of(uri, declared, PixelMapping.SIGNED, ModelInput.Layout.NHWC);
    return new LoadedNetwork(file.getFileName().toString().replaceFirst("\\.(h5|hdf5)$", ""), network, input);
  }

  private static KerasModelBuilder builder(Path file) throws IOException, UnsupportedKerasConfigurationException,
      InvalidKerasConfigurationException {
    return new KerasModel().modelBuilder().modelHdf5Filename(file.toString()).enforceTrainingConfig(false);
  }
}
