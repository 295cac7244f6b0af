package iras.model.dl4j;

import iras.model.image.ModelInput;
import org.deeplearning4j.nn.api.Model;

/**
 * A DL4J network ready for inference, from any model source, with the input it expects.
 *
 * @param network a {@link org.deeplearning4j.nn.graph.ComputationGraph} with one input and one output, or a
 *     {@link org.deeplearning4j.nn.multilayer.MultiLayerNetwork}
 */
public record LoadedNetwork(String name, Model network, ModelInput input) {}
