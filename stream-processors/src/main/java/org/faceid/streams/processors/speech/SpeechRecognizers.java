package org.faceid.streams.processors.speech;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Picks the speech engine from the environment. */
public final class SpeechRecognizers {

  /** Names a Vosk model directory; when set, Vosk is used instead of PocketSphinx. */
  public static final String VOSK_MODEL_ENV = "FACEID_VOSK_MODEL";

  private SpeechRecognizers() {}

  /**
   * Vosk when {@value #VOSK_MODEL_ENV} is set, else PocketSphinx, with Moonshine's transcript support
   * when its model is in the model directory (deploy/fetch-models.sh puts it there). A set variable
   * naming no directory fails here, at startup, rather than silently falling back to the other engine.
   */
  public static SpeechRecognizer fromEnvironment() {
    return from(System.getenv(), org.faceid.streams.processors.face.FaceModels.modelDir());
  }

  /** {@code modelDir}: where Moonshine's files are, if anywhere. */
  static SpeechRecognizer from(Map<String, String> environment, Path modelDir) {
    String voskModel = environment.get(VOSK_MODEL_ENV);
    if (voskModel == null || voskModel.isBlank()) {
      MoonshineScorer transcripts = MoonshineScorer.load(modelDir);
      return transcripts == null ? new PocketSphinxRecognizer()
          : new TranscriptCheckedRecognizer(new PocketSphinxRecognizer(), transcripts);
    }
    Path directory = Path.of(voskModel);
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException(VOSK_MODEL_ENV + "=" + voskModel + " is not a directory: fetch the model with"
          + " deploy/fetch-vosk-model.sh or unset " + VOSK_MODEL_ENV + " to use PocketSphinx");
    }
    return new VoskRecognizer(directory);
  }
}
