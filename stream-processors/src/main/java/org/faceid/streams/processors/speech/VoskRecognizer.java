package org.faceid.streams.processors.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Spoken digits with Vosk (Kaldi) and a model directory such as vosk-model-small-en-us-0.15
 * (deploy/fetch-vosk-model.sh). The recogniser is limited to the digit words plus "[unk]" for
 * anything else. A Vosk grammar cannot force a length, so of the n-best readings the most likely
 * one with exactly the asked number of digits is chosen; when none has, the best reading is
 * reported as heard and will not match.
 *
 * <p>Thread safety: the model is shared (Vosk documents it as safe across threads) and each call
 * makes its own native recogniser, so concurrent calls need no lock.
 */
public final class VoskRecognizer implements SpeechRecognizer {

  private static final float RATE = 16000f;
  /** Enough readings that one of the right length is usually among them. */
  private static final int ALTERNATIVES = 20;
  private static final String UNKNOWN = "[unk]";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final Model model;
  private final String grammar;

  /** Loads the model in {@code modelDirectory}; fails when it is not a loadable Vosk model. */
  public VoskRecognizer(Path modelDirectory) {
    if (!Files.isDirectory(modelDirectory)) {
      throw new IllegalStateException("Vosk model directory missing: " + modelDirectory + " (deploy/fetch-vosk-model.sh fetches one)");
    }
    this.directory = modelDirectory;
    // Kaldi logs every grammar and recogniser at INFO level on stderr.
    LibVosk.setLogLevel(LogLevel.WARNINGS);
    try {
      this.model = new Model(modelDirectory.toString());
    } catch (IOException e) {
      throw new IllegalStateException("Vosk could not load the model in " + modelDirectory, e);
    }
    List<String> words = new ArrayList<>(DigitWords.ALL);
    words.add(UNKNOWN);
    try {
      this.grammar = JSON.writeValueAsString(words);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return "vosk (" + directory.getFileName() + ")";
  }

  @Override
  public Recognition recognize(short[] pcm16kMono, int digitCount) {
    if (digitCount < 1) {
      throw new IllegalArgumentException("digit count must be positive: " + digitCount);
    }
    short[] levelled = AudioLevel.normalise(pcm16kMono);
    try (Recognizer recognizer = new Recognizer(model, RATE, grammar)) {
      if (recognizer.getPointer() == null) {
        throw new IllegalStateException("Vosk could not create a recogniser for the model in " + directory);
      }
      recognizer.setMaxAlternatives(ALTERNATIVES);
      recognizer.setWords(true);
      // One call: Vosk checks for an endpoint only after the whole buffer, so the utterance stays one.
      recognizer.acceptWaveForm(levelled, levelled.length);
      return choose(recognizer.getFinalResult(), digitCount);
    }
  }

  /**
   * The first reading of {@code json} (Vosk's final result, n-best or single) with exactly
   * {@code digitCount} digits, else the first reading; "[unk]" and any other non-digit dropped.
   */
  static Recognition choose(String json, int digitCount) {
    List<List<Word>> readings = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(json);
      JsonNode alternatives = root.path("alternatives");
      if (alternatives.isArray()) {
        alternatives.forEach(alternative -> readings.add(digitWords(alternative)));
      } else {
        readings.add(digitWords(root));
      }
    } catch (IOException e) {
      throw new IllegalStateException("unreadable Vosk result: " + json, e);
    }
    return readings.stream().filter(words -> words.size() == digitCount).findFirst()
        .or(() -> readings.stream().findFirst())
        .map(Recognition::of)
        .orElseGet(Recognition::nothing);
  }

  private static List<Word> digitWords(JsonNode reading) {
    List<Word> words = new ArrayList<>();
    for (JsonNode word : reading.path("result")) {
      String text = word.path("word").asText();
      if (DigitWords.isDigit(text)) {
        words.add(new Word(DigitWords.normalise(text), seconds(word.path("start")), seconds(word.path("end"))));
      }
    }
    return words;
  }

  private static long seconds(JsonNode value) {
    return Math.round(value.asDouble() * 1000);
  }

  @Override
  public void close() {
    model.close();
  }
}
