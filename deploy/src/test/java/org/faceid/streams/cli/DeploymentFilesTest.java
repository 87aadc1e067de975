package org.faceid.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.faceid.streams.processors.Pipeline;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml and deploy/k8s/ as a user gets them: they parse, run every stage as its own
 * service with its state on a volume, and set only settings the service reads (the README's table),
 * the same names in both.
 */
class DeploymentFilesTest {

  /** The repository: tests run in the module's directory. */
  static final Path ROOT = Path.of("").toAbsolutePath().getFileName().toString().equals("deploy")
      ? Path.of("").toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
  static final Path DEPLOY = ROOT.resolve("deploy");
  static final YAMLMapper YAML = new YAMLMapper();
  static final String SERVICE_IMAGE = "faceid/streams:local";

  @Test
  void composeRunsTheBrokerTheGatewayAndEachStageAsAServiceOfItsOwn() throws IOException {
    JsonNode services = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile()).get("services");

    assertThat(services.get("broker").get("image").asText()).isEqualTo("faceid/kafka:local");
    assertThat(services.get("gateway").get("command").toString()).isEqualTo("[\"gateway\"]");
    assertThat(services.get("topics").get("command").toString()).isEqualTo("[\"topics\"]");
    for (String stage : Pipeline.STAGES) {
      JsonNode service = services.get(stage);
      assertThat(service).as("compose service " + stage).isNotNull();
      assertThat(service.get("command").toString()).isEqualTo("[\"stage\",\"" + stage + "\"]");
      assertThat(service.get("volumes").get(0).asText()).endsWith(":/var/lib/faceid");
    }
    services.properties().forEach(e -> {
      if (e.getValue().get("image").asText().equals(SERVICE_IMAGE)) {
        assertThat(e.getValue().get("env_file").asText()).as(e.getKey()).isEqualTo("faceid.env");
      }
    });
  }

  @Test
  void kubernetesRunsEachStageAsAStatefulSetWithStateOnAVolume() throws IOException {
    List<JsonNode> stages = resources("StatefulSet");

    assertThat(stages).hasSize(Pipeline.STAGES.size());
    for (String stage : Pipeline.STAGES) {
      JsonNode set = stages.stream().filter(s -> s.at("/metadata/name").asText().equals("faceid-" + stage)).findFirst()
          .orElseThrow(() -> new AssertionError("no StatefulSet for stage " + stage));
      JsonNode container = set.at("/spec/template/spec/containers/0");
      assertThat(container.get("image").asText()).isEqualTo(SERVICE_IMAGE);
      assertThat(container.get("args").toString()).isEqualTo("[\"stage\",\"" + stage + "\"]");
      assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/var/lib/faceid");
      assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText())
          .isEqualTo(container.at("/volumeMounts/0/name").asText());
      assertThat(set.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    }
    assertThat(resources("Deployment")).singleElement()
        .satisfies(d -> assertThat(d.at("/spec/template/spec/containers/0/args").toString()).isEqualTo("[\"gateway\"]"));
    assertThat(resources("Service")).singleElement()
        .satisfies(s -> assertThat(s.at("/spec/selector/app").asText()).isEqualTo("faceid-gateway"));
    assertThat(resources("Job")).singleElement()
        .satisfies(j -> assertThat(j.at("/spec/template/spec/containers/0/args").toString()).isEqualTo("[\"topics\"]"));
  }

  @Test
  void everyGatewayIsGivenTheOperatorsIdentityKeyRatherThanGeneratingItsOwn() throws IOException {
    JsonNode gateway = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile()).at("/services/gateway");
    // ${NAME:?message}: compose refuses to start without it (a generated key would die with the container).
    assertThat(gateway.at("/environment/FACEID_IDENTITY_KEY").asText()).startsWith("${FACEID_IDENTITY_KEY:?");
    assertThat(gateway.has("volumes")).as("no data dir to keep a generated key in").isFalse();

    JsonNode envFrom = resources("Deployment").get(0).at("/spec/template/spec/containers/0/envFrom");
    List<JsonNode> identitySecrets = new ArrayList<>();
    envFrom.forEach(source -> {
      if (source.at("/secretRef/name").asText().equals("faceid-identity-key")) {
        identitySecrets.add(source);
      }
    });
    assertThat(identitySecrets).singleElement()
        .satisfies(ref -> assertThat(ref.at("/secretRef/optional").asBoolean(false)).as("required").isFalse());
  }

  @Test
  void theGatewayAndTheStagesThatIssueTokensAndOnlyTheyShareTheRequiredTokenKey() throws IOException {
    JsonNode services = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile()).get("services");
    Set<String> composeHolders = new TreeSet<>();
    services.properties().forEach(e -> {
      String key = e.getValue().at("/environment/FACEID_TOKEN_KEY").asText("");
      if (!key.isEmpty()) {
        assertThat(key).as(e.getKey()).startsWith("${FACEID_TOKEN_KEY:?");
        composeHolders.add(e.getKey());
      }
    });
    Set<String> kubernetesHolders = new TreeSet<>();
    List<JsonNode> workloads = new ArrayList<>(resources("Deployment"));
    workloads.addAll(resources("StatefulSet"));
    for (JsonNode workload : workloads) {
      workload.at("/spec/template/spec/containers/0/envFrom").forEach(source -> {
        if (source.at("/secretRef/name").asText().equals("faceid-token-key")) {
          assertThat(source.at("/secretRef/optional").asBoolean(false)).as("required").isFalse();
          kubernetesHolders.add(workload.at("/metadata/name").asText().replace("faceid-", ""));
        }
      });
    }
    Set<String> expected = new TreeSet<>(Pipeline.TOKEN_ISSUING_STAGES);
    expected.add("gateway");
    assertThat(composeHolders).isEqualTo(expected);
    assertThat(kubernetesHolders).isEqualTo(expected);
  }

  @Test
  void bothSetTheSameSettingsAndOnlyOnesTheServiceReads() throws IOException {
    Set<String> compose = new TreeSet<>();
    for (String line : Files.readAllLines(DEPLOY.resolve("faceid.env"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        compose.add(line.substring(0, line.indexOf('=')));
      }
    }
    Set<String> kubernetes = new TreeSet<>();
    resources("ConfigMap").forEach(map -> map.get("data").fieldNames().forEachRemaining(kubernetes::add));

    assertThat(kubernetes).isEqualTo(compose).contains("FACEID_BOOTSTRAP_SERVERS");
    assertThat(readmeSettings()).containsAll(compose);
    assertThat(compose).doesNotContain("FACEID_API_SECRET");
  }

  /** Every {@code FACEID_*} name of the README's settings table. */
  static Set<String> readmeSettings() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("`(FACEID_[A-Z_]+)`").matcher(Files.readString(ROOT.resolve("README.md")));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The resources of that kind in every file of deploy/k8s/. */
  static List<JsonNode> resources(String kind) throws IOException {
    List<JsonNode> found = new ArrayList<>();
    try (var files = Files.list(DEPLOY.resolve("k8s"))) {
      for (Path file : files.sorted().toList()) {
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
          for (JsonNode doc : docs.readAll()) {
            if (doc != null && kind.equals(doc.path("kind").asText())) {
              found.add(doc);
            }
          }
        }
      }
    }
    return found;
  }
}
