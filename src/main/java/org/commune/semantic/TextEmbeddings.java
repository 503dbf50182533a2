package org.commune.semantic;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Sentence embeddings (384 dimensions, unit length) from the in-process MiniLM model. The model is
 * loaded on first use, not at start-up, so that Commune starts as fast without it.
 */
@Service
public class TextEmbeddings {

  /** The model, loaded once, when first needed (about half a second and 90 MB of memory). */
  private static final class Model {
    static final EmbeddingModel INSTANCE = new AllMiniLmL6V2QuantizedEmbeddingModel();
  }

  public float[] embed(String text) {
    return Model.INSTANCE.embed(text).content().vector();
  }

  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    List<float[]> vectors = new ArrayList<>();
    Model.INSTANCE.embedAll(segments).content().forEach(e -> vectors.add(e.vector()));
    return vectors;
  }

  /** The underlying model, for the benchmark that compares this service with the bare model call. */
  public static EmbeddingModel model() {
    return Model.INSTANCE;
  }

  /** Cosine similarity of two vectors. */
  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
