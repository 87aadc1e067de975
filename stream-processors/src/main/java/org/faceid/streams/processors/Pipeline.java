package org.faceid.streams.processors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.faceid.streams.processors.common.PreviousProcess;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.StreamsSettings;
import org.faceid.streams.processors.compare.CompareTopology;
import org.faceid.streams.processors.decode.DecodeTopology;
import org.faceid.streams.processors.decode.ImageProbe;
import org.faceid.streams.processors.decode.VideoProbe;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.FaceModels;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.liveness.LivenessTopology;
import org.faceid.streams.processors.liveness.VideoFaceAnalyzer;
import org.faceid.streams.processors.procedure.ProcedureTopology;
import org.faceid.streams.processors.selfie.SelfieTopology;
import org.faceid.streams.processors.speech.SpeechRecognizer;
import org.faceid.streams.processors.speech.SpeechRecognizers;
import org.faceid.streams.processors.speech.SpeechTopology;
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.processors.tokens.TokenTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every stage as its own Kafka Streams application ({@code faceid-<stage>}), so each stage
 * scales and restarts on its own: more instances of the same stage share its partitions.
 */
public final class Pipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
  /** Decoding a 20 MB upload is the longest single step; bounded so no stream thread hangs. */
  static final Duration MAX_DECODE_TIME = Duration.ofSeconds(20);

  /** Every stage, in the order requests flow through them. */
  public static final List<String> STAGES = List.of(TokenTopology.STAGE, DecodeTopology.STAGE, LivenessTopology.STAGE,
      SpeechTopology.STAGE, ProcedureTopology.STAGE, SelfieTopology.STAGE, CompareTopology.STAGE);
  /** The stages that run the face models; only a process running one of them loads the models. */
  static final List<String> FACE_STAGES = List.of(LivenessTopology.STAGE, SelfieTopology.STAGE, CompareTopology.STAGE);

  private final Map<String, KafkaStreams> apps = new LinkedHashMap<>();
  private FaceEngine faces;
  private SpeechRecognizer speech;

  private Pipeline() {}

  /** The topology of each stage, by stage name; the face stages share one engine. */
  public static Map<String, Topology> topologies(FaceEngine faces, SpeechRecognizer speech) {
    Map<String, Topology> stages = new LinkedHashMap<>();
    builders(faces, speech).forEach((stage, builder) -> stages.put(stage, builder.get()));
    return stages;
  }

  /** Each stage's topology, built only when asked for: a process of some stages needs no other engine. */
  private static Map<String, Supplier<Topology>> builders(FaceEngine faces, SpeechRecognizer speech) {
    Map<String, Supplier<Topology>> stages = new LinkedHashMap<>();
    stages.put(TokenTopology.STAGE, () -> new TokenTopology(new TokenIssuer()).build());
    stages.put(DecodeTopology.STAGE, () -> new DecodeTopology(new VideoProbe(MAX_DECODE_TIME), new ImageProbe()).build());
    stages.put(LivenessTopology.STAGE, () -> new LivenessTopology(new VideoFaceAnalyzer(faces)).build());
    stages.put(SpeechTopology.STAGE, () -> new SpeechTopology(speech).build());
    stages.put(ProcedureTopology.STAGE, () -> new ProcedureTopology(new TokenIssuer()).build());
    stages.put(SelfieTopology.STAGE, () -> new SelfieTopology(faces, new TokenIssuer()).build());
    stages.put(CompareTopology.STAGE, () -> new CompareTopology(faces, MatchThresholds.load()).build());
    return stages;
  }

  /** Starts every stage against the given cluster; the topics must exist. The models load first. */
  public static Pipeline start(String bootstrapServers, Path stateDir) {
    return start(bootstrapServers, stateDir, Map.of());
  }

  /** As {@link #start(String, Path)}, with the operator's Kafka client settings (security) for every stage. */
  public static Pipeline start(String bootstrapServers, Path stateDir, Map<String, String> clientSettings) {
    return start(bootstrapServers, stateDir, clientSettings, null);
  }

  /**
   * As {@link #start(String, Path, Map)}; each stage drops requests older than {@code requestMaxAge}
   * (the gateway's answer timeout: their callers have been answered already), or none when null.
   */
  public static Pipeline start(String bootstrapServers, Path stateDir, Map<String, String> clientSettings,
      Duration requestMaxAge) {
    return start(STAGES, bootstrapServers, stateDir, clientSettings, requestMaxAge);
  }

  /**
   * As {@link #start(String, Path, Map, Duration)}, for some of the stages only (names of {@link #STAGES}):
   * other processes run the rest. The face models load only for a face stage, the speech engine only for speech.
   */
  public static Pipeline start(Collection<String> stages, String bootstrapServers, Path stateDir,
      Map<String, String> clientSettings, Duration requestMaxAge) {
    if (stages.isEmpty() || !STAGES.containsAll(stages)) {
      throw new IllegalArgumentException("stages must be some of " + STAGES + ", not " + stages);
    }
    Pipeline pipeline = new Pipeline();
    if (stages.stream().anyMatch(FACE_STAGES::contains)) {
      pipeline.faces = FaceEngine.open(FaceModels.fromEnvironment());
    }
    if (stages.contains(SpeechTopology.STAGE)) {
      pipeline.speech = SpeechRecognizers.fromEnvironment();
    }
    Map<String, Supplier<Topology>> builders = builders(pipeline.faces, pipeline.speech);
    STAGES.stream().filter(stages::contains).forEach(stage -> {
      Topology topology = builders.get(stage).get();
      Properties settings = StreamsSettings.forStage(stage, bootstrapServers, stateDir, clientSettings);
      if (requestMaxAge != null) {
        settings.put(Requests.MAX_AGE_CONFIG, Long.toString(requestMaxAge.toMillis()));
      }
      PreviousProcess.fence(settings, stateDir.resolve(stage));
      KafkaStreams app = new KafkaStreams(topology, settings);
      app.setUncaughtExceptionHandler(e -> {
        log.error("stage {} lost a stream thread; replacing it", stage, e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      });
      app.start();
      PreviousProcess.record(app, settings.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), stateDir.resolve(stage));
      pipeline.apps.put(stage, app);
    });
    return pipeline;
  }

  /** True when every stage is RUNNING. */
  public boolean running() {
    return apps.values().stream().allMatch(app -> app.state() == KafkaStreams.State.RUNNING);
  }

  /** Stops a stage taking new records without leaving its group (operations, and tests of slow stages). */
  public void pause(String stage) {
    apps.get(stage).pause();
  }

  public void resume(String stage) {
    apps.get(stage).resume();
  }

  @Override
  public void close() {
    // Close in parallel: each close waits for its thread to commit and leave the group.
    CountDownLatch done = new CountDownLatch(apps.size());
    AtomicBoolean allStopped = new AtomicBoolean(true);
    for (KafkaStreams app : apps.values()) {
      Thread.ofVirtual().start(() -> {
        try {
          // Leaving the group lets a restarted stage take its partitions at once, instead of
          // waiting out the old member's session timeout (45 s).
          if (!app.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)))) {
            allStopped.set(false);
          }
        } finally {
          done.countDown();
        }
      });
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      allStopped.set(false);
    }
    // The sessions are native memory a stream thread may still be using: free them only when
    // every thread has stopped (the process is ending anyway otherwise).
    if (allStopped.get()) {
      if (faces != null) {
        faces.close();
      }
      if (speech != null) {
        speech.close();
      }
    } else {
      log.warn("a stage did not stop within 30 s; leaving the face and speech models loaded");
    }
  }
}
