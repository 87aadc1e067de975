package org.faceid.streams.processors.speech;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How well a reading supports the issued number, judged by Moonshine tiny (an English speech-to-text
 * encoder-decoder, MIT; MODELS.md). The decoder scores whole transcriptions, so the issued number is
 * compared, as text, with every number one digit away from it and with what the model would write
 * unprompted: the support is the issued number's log-probability minus the best of those. Only a
 * number that is a local best among its neighbours, and at least as likely as free text, is
 * supported; speech without digits loses to its own transcription. Free text that reads a scored
 * number (numerals, say) counts for that number.
 *
 * <p>Sessions are thread-safe; one instance serves every stream thread.
 */
public final class MoonshineScorer implements AutoCloseable {

  /** Files in the model directory ({@code deploy/fetch-models.sh}). */
  public static final String ENCODER = "moonshine-tiny-encoder.onnx";
  public static final String DECODER = "moonshine-tiny-decoder.onnx";
  /** llama-tokenizer-js's source, which holds the vocabulary Moonshine writes with (LLaMA's 32,000 pieces). */
  public static final String TOKENS = "moonshine-tokens.js";
  private static final Pattern VOCABULARY =
      Pattern.compile("llama_vocab_base64 = \"([A-Za-z0-9+/=]+)\"");

  private static final String[] DIGIT_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
      "eight", "nine"};
  private static final int START = 1;
  private static final int END = 2;
  /** Moonshine tiny's decoder: layers, key/value heads and head size of its cache. */
  private static final int LAYERS = 6;
  private static final int HEADS = 8;
  private static final int HEAD_SIZE = 36;
  /** Free decoding stops after this many tokens per second of audio (the model card's bound). */
  private static final double TOKENS_PER_SECOND = 6;
  private static final float PEAK = 0.5f;
  /** The encoder's shortest input (its first convolution's 127-sample window, strides 64, 3, 2). */
  static final int MIN_SAMPLES = 895;

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  private final OrtSession encoder;
  private final OrtSession decoder;
  private final List<String> pieces;
  private final Map<String, Integer> ids = new HashMap<>();
  private final ScoringMemory memory;

  private MoonshineScorer(OrtSession encoder, OrtSession decoder, List<String> pieces, ScoringMemory memory) {
    this.encoder = encoder;
    this.decoder = decoder;
    this.pieces = pieces;
    this.memory = memory;
    for (int i = 0; i < pieces.size(); i++) {
      ids.putIfAbsent(pieces.get(i), i);
    }
  }

  /** The scorer from {@code modelDir}, or null when the model's files are not there. */
  public static MoonshineScorer load(Path modelDir) {
    return load(modelDir, ScoringMemory.fromHeap());
  }

  /** {@link #load(Path)}, its scoring runs holding at most {@code memory} of the heap at once. */
  static MoonshineScorer load(Path modelDir, ScoringMemory memory) {
    Path encoderFile = modelDir.resolve(ENCODER);
    Path decoderFile = modelDir.resolve(DECODER);
    Path tokensFile = modelDir.resolve(TOKENS);
    if (!Files.isRegularFile(encoderFile) || !Files.isRegularFile(decoderFile) || !Files.isRegularFile(tokensFile)) {
      return null;
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      Matcher vocabulary = VOCABULARY.matcher(Files.readString(tokensFile, StandardCharsets.UTF_8));
      if (!vocabulary.find()) {
        throw new IllegalStateException("no vocabulary in " + tokensFile);
      }
      // One piece per line; split on \n only, since pieces may hold a carriage return.
      List<String> pieces = List.of(new String(Base64.getDecoder().decode(vocabulary.group(1)),
          StandardCharsets.UTF_8).split("\n", -1));
      return new MoonshineScorer(ENV.createSession(encoderFile.toString(), options),
          ENV.createSession(decoderFile.toString(), options), pieces, memory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load Moonshine from " + modelDir, e);
    }
  }

  /** The reading's encoding, to score several numbers against one utterance. */
  public Utterance listen(short[] pcm16kMono) {
    // Silence after: the sound the decode stage kept can be empty or a few ms (a track swresample
    // refused, audio starting after the video), and the encoder refuses input under its window.
    float[] audio = new float[Math.max(pcm16kMono.length, MIN_SAMPLES)];
    int peak = 1;
    for (short s : pcm16kMono) {
      peak = Math.max(peak, Math.abs(s));
    }
    // Level-free: the model was trained on normalised audio, and quiet readings decoded worse.
    float gain = PEAK / peak;
    for (int i = 0; i < pcm16kMono.length; i++) {
      audio[i] = pcm16kMono[i] * gain;
    }
    try (OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(audio), new long[] {1, audio.length});
        OrtSession.Result out = encoder.run(Map.of("input_values", input))) {
      float[][][] hidden = (float[][][]) out.get(0).getValue();
      Map<String, float[]> crossAttention = new HashMap<>();
      List<Integer> free = freeTranscription(hidden, audio.length / 16000.0, crossAttention);
      return new Utterance(hidden[0], free, crossAttention);
    } catch (OrtException e) {
      throw new IllegalStateException("Moonshine encoder failed", e);
    }
  }

  /**
   * One utterance, encoded.
   *
   * @param hidden the encoder's states, frames x width
   * @param free the tokens the model writes unprompted (never empty: the end is barred as first token)
   * @param crossAttention the decoder's keys and values over the states ({@code past_key_values.*.encoder.*},
   *     one batch row each): every decoded sequence attends to the same states, so they are computed once
   */
  public record Utterance(float[][] hidden, List<Integer> free, Map<String, float[]> crossAttention) {
    public Utterance {
      crossAttention = Map.copyOf(crossAttention);
    }
  }

  /**
   * Support of {@code issued} in {@code utterance}: log P(issued) minus the best log-probability of a
   * number one digit away and of the free transcription (positive: the issued number is the best).
   */
  public double support(Utterance utterance, String issued) {
    return judge(utterance, issued).support();
  }

  /**
   * What a reading supports.
   *
   * @param support {@link #support}
   * @param heard the likeliest reading: the issued number, a number one digit away, or the free
   *     transcription as digits (null when that is the likeliest and reads no number)
   * @param overNeighbours log P(issued) minus the best number one digit away
   * @param overFreeText log P(issued) minus the free transcription (+infinity when that reads a
   *     scored number, which then counts for that number)
   */
  public record Judgement(double support, String heard, double overNeighbours, double overFreeText) {}

  /** {@link #support} with the reading that won. */
  public Judgement judge(Utterance utterance, String issued) {
    List<String> numbers = new ArrayList<>();
    numbers.add(issued);
    for (int position = 0; position < issued.length(); position++) {
      for (int digit = 0; digit < 10; digit++) {
        if (digit != issued.charAt(position) - '0') {
          numbers.add(issued.substring(0, position) + digit + issued.substring(position + 1));
        }
      }
    }
    // Each number as written with "zero" and, where it has a 0, with "oh"; a number scores its likelier form.
    List<List<Integer>> sequences = new ArrayList<>();
    List<Integer> numberOf = new ArrayList<>();
    for (int n = 0; n < numbers.size(); n++) {
      sequences.add(tokens(numbers.get(n), false));
      numberOf.add(n);
      if (numbers.get(n).indexOf('0') >= 0) {
        sequences.add(tokens(numbers.get(n), true));
        numberOf.add(n);
      }
    }
    List<Integer> free = utterance.free();
    int freeNumber = numbers.size();
    if (!sequences.contains(free)) {
      // The model often writes a read number as numerals ("9749.", "97.69.", "9, 0, 4, 5."): free text
      // that reads one of the scored numbers is that number in another spelling, not a competitor.
      // Counted against it, it cost genuine readings their support (nicolas reading 9769: -4.19).
      int read = numbers.indexOf(DigitWords.digitsOf(text(utterance)));
      sequences.add(free);
      numberOf.add(read >= 0 ? read : numbers.size());
    }
    double[] logProbs = logProbs(utterance, sequences);
    double[] best = new double[numbers.size() + 1];
    Arrays.fill(best, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < logProbs.length; i++) {
      best[numberOf.get(i)] = Math.max(best[numberOf.get(i)], logProbs[i]);
    }
    int likeliest = 0;
    double neighbour = Double.NEGATIVE_INFINITY;
    for (int n = 1; n < best.length; n++) {
      if (n < freeNumber) {
        neighbour = Math.max(neighbour, best[n]);
      }
      likeliest = best[n] > best[likeliest] ? n : likeliest;
    }
    String heard = likeliest < numbers.size() ? numbers.get(likeliest) : DigitWords.digitsOf(text(utterance));
    double overNeighbours = best[0] - neighbour;
    double overFreeText = best[0] - best[freeNumber];
    return new Judgement(Math.min(overNeighbours, overFreeText), heard, overNeighbours, overFreeText);
  }

  /** The free transcription as text, for logs and evidence. */
  public String text(Utterance utterance) {
    StringBuilder sb = new StringBuilder();
    for (int token : utterance.free()) {
      if (token != START && token != END) {
        sb.append(pieces.get(token));
      }
    }
    return sb.toString().replace('\u2581', ' ').trim();
  }

  /** "Six, three, two, five." as the model writes a read number, with start and end tokens. */
  List<Integer> tokens(String digits, boolean oh) {
    List<Integer> out = new ArrayList<>();
    out.add(START);
    for (int i = 0; i < digits.length(); i++) {
      String word = oh && digits.charAt(i) == '0' ? DigitWords.OH : DIGIT_WORDS[digits.charAt(i) - '0'];
      if (i == 0) {
        word = word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
      }
      out.addAll(pieces("\u2581" + word));
      out.add(ids.get(i == digits.length() - 1 ? "." : ","));
    }
    out.add(END);
    return out;
  }

  /**
   * The digit words LLaMA's tokenizer splits, as it splits them (llama-tokenizer-js's {@code encode}
   * of "Eight" and "Nine"); every other digit word, either case, is one piece. Any other split is a
   * spelling the model never wrote, and scores far lower: a longest-match split of "Nine" ("Nin", "e")
   * cost numbers read with a first 9 their support.
   */
  private static final Map<String, List<String>> SPLIT_WORDS = Map.of(
      "\u2581Eight", List.of("\u2581E", "ight"), "\u2581Nine", List.of("\u2581N", "ine"));

  /** The word's pieces, as the tokenizer writes it. */
  private List<Integer> pieces(String word) {
    List<String> split = SPLIT_WORDS.getOrDefault(word, List.of(word));
    List<Integer> out = new ArrayList<>();
    for (String piece : split) {
      Integer id = ids.get(piece);
      if (id == null) {
        throw new IllegalStateException("no piece " + piece + " in the vocabulary");
      }
      out.add(id);
    }
    return out;
  }

  /**
   * Greedy decoding with the key/value cache; the end token is barred as the first token. The first
   * step's keys and values over the states are copied to {@code crossAttention}.
   */
  private List<Integer> freeTranscription(float[][][] hidden, double seconds, Map<String, float[]> crossAttention)
      throws OrtException {
    List<Integer> tokens = new ArrayList<>(List.of(START));
    int maxTokens = Math.max(4, (int) (seconds * TOKENS_PER_SECOND));
    Map<String, OnnxTensor> empty = emptyCache(1);
    Map<String, OnnxTensor> cache = new HashMap<>(empty);
    List<OrtSession.Result> results = new ArrayList<>();
    try (OnnxTensor states = OnnxTensor.createTensor(ENV, hidden)) {
      long[] next = {START};
      for (int step = 0; step < maxTokens; step++) {
        Map<String, OnnxTensor> inputs = new HashMap<>(cache);
        try (OnnxTensor ids = OnnxTensor.createTensor(ENV, LongBuffer.wrap(next), new long[] {1, 1});
            OnnxTensor useCache = OnnxTensor.createTensor(ENV, new boolean[] {step > 0})) {
          inputs.put("input_ids", ids);
          inputs.put("encoder_hidden_states", states);
          inputs.put("use_cache_branch", useCache);
          OrtSession.Result out = decoder.run(inputs);
          results.add(out);
          float[] logits = ((float[][][]) out.get("logits").orElseThrow().getValue())[0][0];
          int best = -1;
          for (int t = 0; t < logits.length; t++) {
            if ((step > 0 || t != END) && (best < 0 || logits[t] > logits[best])) {
              best = t;
            }
          }
          tokens.add(best);
          if (best == END) {
            break;
          }
          next[0] = best;
          // The encoder half of the cache is computed on the first step only.
          for (String name : List.copyOf(cache.keySet())) {
            if (step == 0 || name.contains(".decoder.")) {
              OnnxTensor present = (OnnxTensor) out.get(name.replace("past_key_values", "present")).orElseThrow();
              cache.put(name, present);
              if (step == 0 && name.contains(".encoder.")) {
                FloatBuffer values = present.getFloatBuffer();
                float[] copy = new float[values.remaining()];
                values.get(copy);
                crossAttention.put(name, copy);
              }
            }
          }
        }
      }
      if (tokens.get(tokens.size() - 1) != END) {
        tokens.add(END);
      }
      return tokens;
    } finally {
      results.forEach(OrtSession.Result::close);
      empty.values().forEach(OnnxTensor::close);
    }
  }

  /** Log-probability of each token sequence (start to end), all in one batched decoder run. */
  private double[] logProbs(Utterance utterance, List<List<Integer>> sequences) {
    int batch = sequences.size();
    int length = sequences.stream().mapToInt(List::size).max().orElseThrow() - 1;
    long[] input = new long[batch * length];
    for (int b = 0; b < batch; b++) {
      List<Integer> s = sequences.get(b);
      for (int j = 0; j < length; j++) {
        // Padding after the end is harmless: attention is causal and padded positions are not scored.
        input[b * length + j] = j < s.size() - 1 ? s.get(j) : END;
      }
    }
    // What the run puts on the heap, the logits out, is taken from the budget first.
    try (ScoringMemory.Lease share = memory.take((long) batch * length * pieces.size() * Float.BYTES)) {
      return logProbs(utterance, sequences, input, length);
    }
  }

  /**
   * The run starts from a cache holding only the keys and values over the states, one batch row that
   * the attention broadcasts to every sequence, and no decoded past. Run without a cache, the decoder
   * computed them again for every sequence, from the states copied once per sequence: for a 5 s
   * reading, most of the run. The logits are the same to the bit: those keys and values are the same
   * numbers either way (the states' quantisation range is that of one copy), and every other
   * activation, hence every quantisation range of the run, is what it was.
   */
  private double[] logProbs(Utterance utterance, List<List<Integer>> sequences, long[] input, int length) {
    int batch = sequences.size();
    float[][] hidden = utterance.hidden();
    int frames = hidden.length;
    int width = hidden[0].length;
    float[] states = new float[frames * width];
    for (int f = 0; f < frames; f++) {
      System.arraycopy(hidden[f], 0, states, f * width, width);
    }
    Map<String, OnnxTensor> cache = emptyCache(batch);
    try {
      for (Map.Entry<String, float[]> crossAttention : utterance.crossAttention().entrySet()) {
        cache.remove(crossAttention.getKey()).close();
        cache.put(crossAttention.getKey(), OnnxTensor.createTensor(ENV, FloatBuffer.wrap(crossAttention.getValue()),
            new long[] {1, HEADS, frames, HEAD_SIZE}));
      }
      try (OnnxTensor ids = OnnxTensor.createTensor(ENV, LongBuffer.wrap(input), new long[] {batch, length});
          OnnxTensor encoderStates = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(states), new long[] {1, frames, width});
          OnnxTensor useCache = OnnxTensor.createTensor(ENV, new boolean[] {true})) {
        Map<String, OnnxTensor> inputs = new HashMap<>(cache);
        inputs.put("input_ids", ids);
        inputs.put("encoder_hidden_states", encoderStates);
        inputs.put("use_cache_branch", useCache);
        try (OrtSession.Result out = decoder.run(inputs, Set.of("logits"))) {
          return sequenceLogProbs((OnnxTensor) out.get("logits").orElseThrow(), sequences, length);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("Moonshine decoder failed", e);
    } finally {
      cache.values().forEach(OnnxTensor::close);
    }
  }

  private static double[] sequenceLogProbs(OnnxTensor logits, List<List<Integer>> sequences, int length) {
    int vocabulary = (int) logits.getInfo().getShape()[2];
    FloatBuffer rows = logits.getFloatBuffer();
    // A row depends on its sequence's tokens up to it only (attention is causal; the activations'
    // quantisation ranges are the run's), so the sequences' shared prefixes have equal rows: each
    // is normalised once. Every row normalised cost 250 ms of the 750 a 4-digit number took.
    Map<List<Integer>, Double> norms = new HashMap<>();
    double[] result = new double[sequences.size()];
    for (int b = 0; b < sequences.size(); b++) {
      List<Integer> s = sequences.get(b);
      for (int j = 0; j < s.size() - 1; j++) {
        int row = (b * length + j) * vocabulary;
        double norm = norms.computeIfAbsent(s.subList(0, j + 1), prefix -> logNormaliser(rows, row, vocabulary));
        result[b] += rows.get(row + s.get(j + 1)) - norm;
      }
    }
    return result;
  }

  /** log sum exp of the row at {@code from}: a logit minus this is its token's log-probability. */
  private static double logNormaliser(FloatBuffer rows, int from, int length) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < from + length; i++) {
      max = Math.max(max, rows.get(i));
    }
    double sum = 0;
    for (int i = from; i < from + length; i++) {
      sum += Math.exp(rows.get(i) - max);
    }
    return max + Math.log(sum);
  }

  /** Empty key/value inputs (no past), as the merged decoder takes on its first step. */
  private static Map<String, OnnxTensor> emptyCache(int batch) {
    Map<String, OnnxTensor> cache = new HashMap<>();
    try {
      for (int layer = 0; layer < LAYERS; layer++) {
        for (String half : List.of("decoder", "encoder")) {
          for (String kind : List.of("key", "value")) {
            cache.put("past_key_values." + layer + "." + half + "." + kind,
                OnnxTensor.createTensor(ENV, FloatBuffer.allocate(0), new long[] {batch, HEADS, 0, HEAD_SIZE}));
          }
        }
      }
      return cache;
    } catch (OrtException e) {
      cache.values().forEach(OnnxTensor::close);
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      decoder.close();
      encoder.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
