/**
 * Semantic features that need no model server: sentence embeddings computed in-process by the
 * all-MiniLM-L6-v2 ONNX model (quantised, English) shipped inside a Maven artifact. Nothing is
 * downloaded at run time. Used by publishing for related articles.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.commune.semantic;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
