package org.faceid.streams.processors;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.faceid.streams.processors.common.Parallelism;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.FaceModels;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.face.ModelSet;
import org.faceid.streams.processors.registry.HttpIdentitySource;
import org.faceid.streams.processors.speech.SpeechRecognizer;
import org.faceid.streams.processors.speech.SpeechRecognizers;
import org.faceid.streams.tokens.TokenSeal;

/**
 * What the stages run with, read once where a process starts (next to deploy's {@code LocalConfig})
 * and passed into {@link Pipeline#start}: no stage reads the environment itself.
 *
 * @param modelDir the face models (and Moonshine's, if fetched); null when none was found, which
 *     fails only a process that loads them
 * @param faceDetector {@code ultraface} (also when null) or {@code blazeface}
 * @param voskModel a Vosk model directory, which replaces PocketSphinx; null for PocketSphinx
 * @param parallelism stream threads per stage and intra-op threads per onnxruntime session
 * @param thresholds the comparison thresholds the compare stage reports
 * @param identitySource the external identity source's base address; null for none
 * @param identitySourceTimeout how long verify waits for that source
 * @param tokenSeal the service's token key, which gateways check tokens by; null: a key of each
 *     process alone, for deployments whose gateways have none
 */
public record ProcessorsConfig(Path modelDir, String faceDetector, Path voskModel, Parallelism parallelism,
    MatchThresholds thresholds, URI identitySource, Duration identitySourceTimeout, TokenSeal tokenSeal) {

  public static final String MODEL_DIR_ENV = "FACEID_MODEL_DIR";
  public static final String DETECTOR_ENV = "FACEID_FACE_DETECTOR";
  public static final String VOSK_MODEL_ENV = "FACEID_VOSK_MODEL";
  public static final String IDENTITY_SOURCE_URL_ENV = "FACEID_IDENTITY_SOURCE_URL";
  public static final String IDENTITY_SOURCE_TIMEOUT_ENV = "FACEID_IDENTITY_SOURCE_TIMEOUT_MS";

  /**
   * From environment variables: {@value #MODEL_DIR_ENV} (else the first {@code .faceid-local/models}
   * found walking up from the working directory), {@value #DETECTOR_ENV}, {@value #VOSK_MODEL_ENV},
   * {@link Parallelism#fromEnv}, {@link MatchThresholds#fromEnvironment}, {@value #IDENTITY_SOURCE_URL_ENV},
   * {@value #IDENTITY_SOURCE_TIMEOUT_ENV} (default 3000 ms). Blank values count as unset. No token key: the
   * processes whose tokens a gateway checks set it ({@link #withTokenSeal}).
   */
  public static ProcessorsConfig fromEnv(Map<String, String> env) {
    String modelDir = blankToNull(env.get(MODEL_DIR_ENV));
    String vosk = blankToNull(env.get(VOSK_MODEL_ENV));
    String source = blankToNull(env.get(IDENTITY_SOURCE_URL_ENV));
    return new ProcessorsConfig(
        modelDir == null ? foundModelDir() : Path.of(modelDir).toAbsolutePath().normalize(),
        blankToNull(env.get(DETECTOR_ENV)),
        vosk == null ? null : Path.of(vosk),
        Parallelism.fromEnv(env),
        MatchThresholds.fromEnvironment(env),
        source == null ? null : URI.create(source.strip()),
        Duration.ofMillis(Long.parseLong(env.getOrDefault(IDENTITY_SOURCE_TIMEOUT_ENV, "3000"))),
        null);
  }

  /** The same settings, issuing tokens under {@code seal}. */
  public ProcessorsConfig withTokenSeal(TokenSeal seal) {
    return new ProcessorsConfig(modelDir, faceDetector, voskModel, parallelism, thresholds, identitySource,
        identitySourceTimeout, seal);
  }

  /** The model directory, or why there is none. */
  public Path requireModelDir() {
    if (modelDir == null) {
      throw new IllegalStateException("face model directory not found: set " + MODEL_DIR_ENV
          + ", or run deploy/fetch-models.sh to fill .faceid-local/models (searched upwards from "
          + Path.of("").toAbsolutePath() + ")");
    }
    return modelDir;
  }

  /** The face models, each session on {@link Parallelism#onnxThreads()} threads. */
  public FaceModels faceModels() {
    return FaceModels.load(requireModelDir(), faceDetector, parallelism.onnxThreads());
  }

  /** The speech engine ({@link SpeechRecognizers#from}). */
  public SpeechRecognizer speechRecognizer() {
    return SpeechRecognizers.from(voskModel, requireModelDir());
  }

  /** The fingerprint of the face models an embedding depends on. */
  public String modelSet() {
    return ModelSet.of(requireModelDir(), faceDetector);
  }

  /** The external identity source, or null when none is configured. */
  public HttpIdentitySource identitySource(FaceEngine engine, String modelSet) {
    return identitySource == null ? null
        : new HttpIdentitySource(identitySource, identitySourceTimeout, engine, modelSet, Clock.systemUTC());
  }

  private static Path foundModelDir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve(".faceid-local").resolve("models");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
