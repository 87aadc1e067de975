package org.faceid.streams.processors;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration every test runs with: {@link ProcessorsConfig#fromEnv} over this process's
 * environment. Maven passes {@code ${env.X}} through literally when X is unset, so such values count
 * as unset here; {@code -Dfaceid.model.dir} names the model directory over {@code FACEID_MODEL_DIR}.
 */
public final class TestProcessorsConfig {

  public static final String MODEL_DIR_PROPERTY = "faceid.model.dir";

  private static ProcessorsConfig config;

  private TestProcessorsConfig() {}

  public static synchronized ProcessorsConfig get() {
    if (config == null) {
      config = ProcessorsConfig.fromEnv(environment(System.getenv(), System.getProperty(MODEL_DIR_PROPERTY)));
    }
    return config;
  }

  /** The model directory, failing with how to fetch the models when there is none. */
  public static Path modelDir() {
    return get().requireModelDir();
  }

  static Map<String, String> environment(Map<String, String> env, String modelDirProperty) {
    Map<String, String> set = new HashMap<>();
    env.forEach((name, value) -> {
      if (!unset(value)) {
        set.put(name, value);
      }
    });
    if (!unset(modelDirProperty)) {
      set.put(ProcessorsConfig.MODEL_DIR_ENV, modelDirProperty);
    }
    return set;
  }

  private static boolean unset(String value) {
    return value == null || value.isBlank() || value.startsWith("${");
  }
}
