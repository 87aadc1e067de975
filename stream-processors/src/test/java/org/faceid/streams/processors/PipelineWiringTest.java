package org.faceid.streams.processors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.faceid.streams.processors.common.StreamsSettings;
import org.faceid.streams.topics.Stage;
import org.faceid.streams.topics.Topic;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's writers and readers ({@link Topics}) are the pipeline's real wiring: every stage's
 * topology, built as {@link Pipeline} builds it, reads and writes exactly the topics that name it,
 * and every stateful part has a chosen name (a generated one changes when a step is added upstream,
 * and the state under the old name is lost on upgrade).
 */
class PipelineWiringTest {

  /** Kafka Streams' generated node and store names: {@code KSTREAM-JOINTHIS-0000000013-store} and the like. */
  private static final Pattern GENERATED = Pattern.compile("K(STREAM|TABLE)-[A-Z-]+-\\d{10}.*");

  private static Map<String, Topology> topologies;

  @BeforeAll
  static void build() {
    // No engine is needed to build a topology, only to run one.
    topologies = Pipeline.topologies(null, null, TestProcessorsConfig.get());
  }

  @Test
  void everyStageIsBuiltAndEveryStreamsStageOfTheRegistryRuns() {
    assertThat(topologies.keySet()).containsExactlyElementsOf(Pipeline.STAGES);
    assertThat(Pipeline.STAGES.stream().map(Stage::ofStage).collect(Collectors.toSet()))
        .as("the registry's Streams stages are the pipeline's").isEqualTo(Stage.STREAMS);
  }

  @Test
  void eachStageReadsExactlyTheTopicsThatNameItAReader() {
    topologies.forEach((stage, topology) -> assertThat(sources(topology.describe()))
        .as("topics %s reads", stage)
        .isEqualTo(names(Topics.readBy(Stage.ofStage(stage)))));
  }

  @Test
  void eachStageWritesExactlyTheTopicsThatNameItAWriterBesidesItsDeadLetters() {
    topologies.forEach((stage, topology) -> {
      Set<String> declared = names(Topics.writtenBy(Stage.ofStage(stage)));
      assertThat(declared).as("%s writes dead letters", stage).contains(Topics.DEAD_LETTERS.name());
      declared.remove(Topics.DEAD_LETTERS.name());
      assertThat(sinks(topology.describe())).as("topics %s writes", stage).isEqualTo(declared);
    });
  }

  @Test
  void deadLettersAreWrittenByEachStageThroughItsProductionSettings(@TempDir Path stateDir) {
    for (String stage : Pipeline.STAGES) {
      assertThat(StreamsSettings.forStage(stage, "unused:9092", stateDir)
          .get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
          .as("dead-letter topic of %s", stage).isEqualTo(Topics.DEAD_LETTERS.name());
    }
  }

  @Test
  void noStoreStatefulProcessorOrInternalTopicHasAGeneratedName() {
    topologies.forEach((stage, topology) -> {
      TopologyDescription description = topology.describe();
      Set<String> stateful = new TreeSet<>();
      for (TopologyDescription.Subtopology sub : description.subtopologies()) {
        for (TopologyDescription.Node node : sub.nodes()) {
          if (node instanceof TopologyDescription.Processor p && !p.stores().isEmpty()) {
            stateful.add(p.name());
            stateful.addAll(p.stores());
          }
          if (node instanceof TopologyDescription.Source s) {
            s.topicSet().stream().filter(PipelineWiringTest::internal).forEach(stateful::add);
          }
        }
      }
      for (TopologyDescription.GlobalStore global : description.globalStores()) {
        stateful.add(global.processor().name());
        stateful.addAll(global.processor().stores());
      }
      assertThat(stateful).as("stateful names of %s", stage).noneMatch(name -> GENERATED.matcher(name).matches());
    });
  }

  @Test
  void theProcedureJoinKeepsItsStoresUnderTheirNames() {
    Set<String> stores = topologies.get("procedure").describe().subtopologies().stream()
        .flatMap(sub -> sub.nodes().stream())
        .filter(node -> node instanceof TopologyDescription.Processor)
        .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(stores).containsExactly("liveness-with-speech-other-join-store", "liveness-with-speech-this-join-store");
  }

  /** Repartition topics belong to their stage (Streams prefixes them with its application id). */
  private static boolean internal(String topic) {
    return topic.endsWith("-repartition");
  }

  private static Set<String> sources(TopologyDescription description) {
    Set<String> topics = new TreeSet<>();
    description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
      if (node instanceof TopologyDescription.Source s) {
        topics.addAll(s.topicSet());
      }
    }));
    description.globalStores().forEach(global -> topics.addAll(global.source().topicSet()));
    topics.removeIf(PipelineWiringTest::internal);
    return topics;
  }

  private static Set<String> sinks(TopologyDescription description) {
    Set<String> topics = new TreeSet<>();
    description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
      if (node instanceof TopologyDescription.Sink s) {
        topics.add(s.topic());
      }
    }));
    topics.removeIf(PipelineWiringTest::internal);
    return topics;
  }

  private static Set<String> names(java.util.List<Topic<?, ?>> topics) {
    return topics.stream().map(Topic::name).collect(Collectors.toCollection(TreeSet::new));
  }
}
