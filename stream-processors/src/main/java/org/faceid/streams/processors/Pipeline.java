package org.faceid.streams.processors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.faceid.streams.processors.common.Parallelism;
import org.faceid.streams.processors.common.PreviousProcess;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.StreamsSettings;
import org.faceid.streams.processors.common.TopicPrefix;
import org.faceid.streams.processors.compare.CompareTopology;
import org.faceid.streams.processors.decode.DecodeTopology;
import org.faceid.streams.processors.decode.VideoProbe;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.liveness.LivenessTopology;
import org.faceid.streams.processors.liveness.VideoFaceAnalyzer;
import org.faceid.streams.processors.procedure.ProcedureTopology;
import org.faceid.streams.processors.registry.IdentityRegistration;
import org.faceid.streams.processors.registry.RegistryTopology;
import org.faceid.streams.processors.selfie.SelfieTopology;
import org.faceid.streams.processors.speech.SpeechRecognizer;
import org.faceid.streams.processors.speech.SpeechTopology;
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.processors.tokens.TokenTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every stage as its own Kafka Streams application ({@code faceid-<stage>}), so each stage
 * scales and restarts on its own: more instances of the same stage share its partitions. Each
 * stage runs {@link Parallelism#streamThreads()} stream threads. What the stages run with comes in
 * as a {@link ProcessorsConfig}, read where the process starts.
 */
public final class Pipeline implements AutoCloseable, MeterBinder {

  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
  /** Decoding a 20 MB upload is the longest single step; bounded so no stream thread hangs. */
  static final Duration MAX_DECODE_TIME = Duration.ofSeconds(20);

  /** Kafka's own metrics are read into the registry this often (new partitions and threads appear). */
  static final Duration METRICS_REFRESH = Duration.ofSeconds(10);

  /** Every stage, in the order requests flow through them. */
  public static final List<String> STAGES = List.of(TokenTopology.STAGE, DecodeTopology.STAGE, LivenessTopology.STAGE,
      SpeechTopology.STAGE, ProcedureTopology.STAGE, SelfieTopology.STAGE, CompareTopology.STAGE, RegistryTopology.STAGE);
  /** The stages that issue tokens (their topologies take the {@link Variant}'s issuer): they need the gateways' token key. */
  public static final List<String> TOKEN_ISSUING_STAGES = List.of(TokenTopology.STAGE, ProcedureTopology.STAGE,
      SelfieTopology.STAGE);
  /** The stages that run the face models; only a process running one of them loads the models. */
  static final List<String> FACE_STAGES = List.of(LivenessTopology.STAGE, SelfieTopology.STAGE, CompareTopology.STAGE,
      RegistryTopology.STAGE);

  private final Map<String, KafkaStreams> apps = new LinkedHashMap<>();
  private final List<KafkaStreamsMetrics> metrics = new ArrayList<>();
  private ScheduledExecutorService metricsRefresh;
  private FaceEngine faces;
  private SpeechRecognizer speech;

  private Pipeline() {}

  /**
   * How a pipeline differs from the live one. Audit replay ({@code deploy/faceid replay}) runs the
   * same stages with every topic and application id under {@code topicPrefix}, its tokens issued as
   * they were recorded, the thresholds of the replaying process, and time judged as recorded.
   *
   * @param topicPrefix prefix of every topic, application id and dead-letter topic; "" live
   * @param issuer mints tokens ({@link TokenIssuer#replaying} in replay)
   * @param thresholds the comparison thresholds the compare stage reports
   * @param recordedTime judge time by the records ({@link Requests#RECORDED_TIME_CONFIG})
   */
  public record Variant(String topicPrefix, TokenIssuer issuer, MatchThresholds thresholds, boolean recordedTime) {
    public static Variant live(ProcessorsConfig config) {
      return new Variant("", new TokenIssuer(config.tokenSeal()), config.thresholds(), false);
    }
  }

  /** The topology of each stage, by stage name; the face stages share one engine. */
  public static Map<String, Topology> topologies(FaceEngine faces, SpeechRecognizer speech, ProcessorsConfig config) {
    return topologies(faces, speech, config, Variant.live(config));
  }

  /** As {@link #topologies(FaceEngine, SpeechRecognizer, ProcessorsConfig)}, on the variant's topics, issuer and thresholds. */
  public static Map<String, Topology> topologies(FaceEngine faces, SpeechRecognizer speech, ProcessorsConfig config,
      Variant variant) {
    return build(STAGES, faces, speech, config, variant);
  }

  /** The topologies of {@code stages}, in flow order, built under the variant's topic prefix. */
  private static Map<String, Topology> build(Collection<String> stages, FaceEngine faces, SpeechRecognizer speech,
      ProcessorsConfig config, Variant variant) {
    Map<String, Supplier<Topology>> builders = builders(faces, speech, config, variant);
    return TopicPrefix.building(variant.topicPrefix(), () -> {
      Map<String, Topology> built = new LinkedHashMap<>();
      STAGES.stream().filter(stages::contains).forEach(stage -> built.put(stage, builders.get(stage).get()));
      return built;
    });
  }

  /** Each stage's topology, built only when asked for: a process of some stages needs no other engine. */
  private static Map<String, Supplier<Topology>> builders(FaceEngine faces, SpeechRecognizer speech,
      ProcessorsConfig config, Variant variant) {
    Map<String, Supplier<Topology>> stages = new LinkedHashMap<>();
    stages.put(TokenTopology.STAGE, () -> new TokenTopology(variant.issuer()).build());
    stages.put(DecodeTopology.STAGE, () -> new DecodeTopology(new VideoProbe(MAX_DECODE_TIME)).build());
    stages.put(LivenessTopology.STAGE, () -> new LivenessTopology(new VideoFaceAnalyzer(faces)).build());
    stages.put(SpeechTopology.STAGE, () -> new SpeechTopology(speech).build());
    stages.put(ProcedureTopology.STAGE, () -> new ProcedureTopology(variant.issuer()).build());
    stages.put(SelfieTopology.STAGE, () -> new SelfieTopology(faces, variant.issuer()).build());
    stages.put(CompareTopology.STAGE, () -> {
      String modelSet = config.modelSet();
      return new CompareTopology(faces, variant.thresholds(), modelSet, config.identitySource(faces, modelSet))
          .build();
    });
    stages.put(RegistryTopology.STAGE, () -> new RegistryTopology(
        new IdentityRegistration(null, faces, config.modelSet(), Clock.systemUTC())).build());
    return stages;
  }

  /** Starts every stage against the given cluster; the topics must exist. The models load first. */
  public static Pipeline start(ProcessorsConfig config, String bootstrapServers, Path stateDir) {
    return start(config, bootstrapServers, stateDir, Map.of());
  }

  /** As {@link #start(ProcessorsConfig, String, Path)}, with the operator's Kafka client settings (security) for every stage. */
  public static Pipeline start(ProcessorsConfig config, String bootstrapServers, Path stateDir,
      Map<String, String> clientSettings) {
    return start(config, bootstrapServers, stateDir, clientSettings, null);
  }

  /**
   * As {@link #start(ProcessorsConfig, String, Path, Map)}; each stage drops requests older than {@code requestMaxAge}
   * (the gateway's answer timeout: their callers have been answered already), or none when null.
   */
  public static Pipeline start(ProcessorsConfig config, String bootstrapServers, Path stateDir,
      Map<String, String> clientSettings, Duration requestMaxAge) {
    return start(config, bootstrapServers, stateDir, clientSettings, requestMaxAge, Variant.live(config));
  }

  /** As {@link #start(ProcessorsConfig, String, Path, Map, Duration)}, for a {@link Variant} (audit replay). */
  public static Pipeline start(ProcessorsConfig config, String bootstrapServers, Path stateDir,
      Map<String, String> clientSettings, Duration requestMaxAge, Variant variant) {
    return start(config, STAGES, bootstrapServers, stateDir, clientSettings, requestMaxAge, variant);
  }

  /**
   * As {@link #start(ProcessorsConfig, String, Path, Map, Duration)}, for some of the stages only (names of
   * {@link #STAGES}): other processes run the rest. The face models load only for a face stage, the speech
   * engine only for speech.
   */
  public static Pipeline start(ProcessorsConfig config, Collection<String> stages, String bootstrapServers,
      Path stateDir, Map<String, String> clientSettings, Duration requestMaxAge) {
    return start(config, stages, bootstrapServers, stateDir, clientSettings, requestMaxAge, Variant.live(config));
  }

  private static Pipeline start(ProcessorsConfig config, Collection<String> stages, String bootstrapServers,
      Path stateDir, Map<String, String> clientSettings, Duration requestMaxAge, Variant variant) {
    if (stages.isEmpty() || !STAGES.containsAll(stages)) {
      throw new IllegalArgumentException("stages must be some of " + STAGES + ", not " + stages);
    }
    Pipeline pipeline = new Pipeline();
    try {
      startStages(pipeline, config, stages, bootstrapServers, stateDir, clientSettings, requestMaxAge, variant);
    } catch (RuntimeException | Error e) {
      // Stages already started would keep running (non-daemon threads) on models nobody closes.
      try {
        pipeline.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return pipeline;
  }

  private static void startStages(Pipeline pipeline, ProcessorsConfig config, Collection<String> stages,
      String bootstrapServers, Path stateDir, Map<String, String> clientSettings, Duration requestMaxAge, Variant variant) {
    if (stages.stream().anyMatch(FACE_STAGES::contains)) {
      pipeline.faces = FaceEngine.open(config.faceModels());
    }
    if (stages.contains(SpeechTopology.STAGE)) {
      pipeline.speech = config.speechRecognizer();
    }
    int streamThreads = config.parallelism().streamThreads();
    build(stages, pipeline.faces, pipeline.speech, config, variant).forEach((stage, topology) -> {
      Properties settings = StreamsSettings.forStage(stage, bootstrapServers, stateDir, clientSettings);
      settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
      if (requestMaxAge != null) {
        settings.put(Requests.MAX_AGE_CONFIG, Long.toString(requestMaxAge.toMillis()));
      }
      if (!variant.topicPrefix().isEmpty()) {
        StreamsSettings.underPrefix(settings, variant.topicPrefix());
      }
      if (variant.recordedTime()) {
        settings.put(Requests.RECORDED_TIME_CONFIG, "true");
      }
      PreviousProcess.fence(settings, stateDir.resolve(stage));
      KafkaStreams app = new KafkaStreams(topology, settings);
      pipeline.apps.put(stage, app);
      app.setUncaughtExceptionHandler(e -> {
        log.error("stage {} lost a stream thread; replacing it", stage, e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      });
      app.start();
      PreviousProcess.record(app, settings.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), stateDir.resolve(stage));
    });
  }

  /**
   * Kafka Streams' own metrics of every stage (its consumers' lag included), tagged
   * {@code component=<stage>}, so the gateway's clients ({@code component=gateway}) share their names.
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    if (metricsRefresh == null) {
      metricsRefresh = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("stage-metrics").factory());
    }
    apps.forEach((stage, app) -> {
      KafkaStreamsMetrics binder = new KafkaStreamsMetrics(app, Tags.of("component", stage), metricsRefresh, METRICS_REFRESH);
      binder.bindTo(registry);
      metrics.add(binder);
    });
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
    synchronized (this) {
      metrics.forEach(KafkaStreamsMetrics::close);
      if (metricsRefresh != null) {
        metricsRefresh.shutdownNow();
      }
    }
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
