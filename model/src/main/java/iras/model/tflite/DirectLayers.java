package iras.model.tflite;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the direct layers' configurations share: DL4J's instantiate wiring around their own layer classes. */
final class DirectLayers {
  private DirectLayers() {}

  /** Connects {@code layer} to its configuration and parameters, as DL4J's stock layers do in instantiate. */
  static Layer wire(org.deeplearning4j.nn.layers.BaseLayer<?> layer, ParamInitializer initializer,
      NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView,
      boolean initializeParams) {
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }
}
