package org.faceid.streams.processors.speech;

import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the speech engine the process is configured with. */
public final class SpeechRecognizers {

  private SpeechRecognizers() {}

  /**
   * Vosk when {@code voskModel} is given (FACEID_VOSK_MODEL), else PocketSphinx, with Moonshine's
   * transcript support when its model is in {@code modelDir} (deploy/fetch-models.sh puts it there).
   * A Vosk model naming no directory fails here, at startup, rather than silently falling back to the
   * other engine.
   */
  public static SpeechRecognizer from(Path voskModel, Path modelDir) {
    if (voskModel == null) {
      MoonshineScorer transcripts = MoonshineScorer.load(modelDir);
      return transcripts == null ? new PocketSphinxRecognizer()
          : new TranscriptCheckedRecognizer(new PocketSphinxRecognizer(), transcripts);
    }
    if (!Files.isDirectory(voskModel)) {
      throw new IllegalStateException("FACEID_VOSK_MODEL=" + voskModel + " is not a directory: fetch the model with"
          + " deploy/fetch-vosk-model.sh or unset FACEID_VOSK_MODEL to use PocketSphinx");
    }
    return new VoskRecognizer(voskModel);
  }
}
