package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.faceid.streams.processors.decode.DecodeTopology;
import org.faceid.streams.processors.selfie.SelfieTopology;
import org.faceid.streams.processors.tokens.TokenTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A broker, the gateway and the selfie flow's stages (decode, selfie, tokens) each in its own
 * container. The decode container is killed (SIGKILL) under load and started again: every request
 * must be answered, none lost, and each answered once. The containers share FACEID_TOKEN_KEY as
 * compose.yaml has them do: the gateway takes the selfie stage's tokens and refuses made-up ones.
 * Where no Docker engine answers, Testcontainers reports it skipped ("Docker is not available"); the
 * build starts one where it can (deploy/images/engine.sh).
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerFailoverIT {

  ContainerDeployment deployment;

  @BeforeAll
  void start() {
    deployment = new ContainerDeployment("failover-key", "failover-secret-1234567890",
        List.of(DecodeTopology.STAGE, SelfieTopology.STAGE, TokenTopology.STAGE)).start();
  }

  @AfterAll
  void stop() {
    if (deployment != null) {
      deployment.close();
    }
  }

  @Test
  void aStageKilledUnderLoadLosesNoRequestAndAnswersEachOnce() throws Exception {
    try (SteadyLoad load = SteadyLoad.start(deployment.api(), deployment.apiKey, deployment.apiSecret, 2,
        List.of(SteadyLoad.Kind.FRONT_FACE))) {
      load.awaitAnswered(5, Duration.ofMinutes(2));
      deployment.kill(DecodeTopology.STAGE);
      Thread.sleep(2_000);
      deployment.restart(DecodeTopology.STAGE);
      load.awaitAnswered(load.sent() + 5, Duration.ofMinutes(2));
      load.stopAndJoin(Duration.ofMinutes(2));

      LoadReport report = load.report(deployment.bootstrapServers());
      System.out.println("ContainerFailoverIT: " + report);
      assertThat(report.sent()).isGreaterThan(10);
      assertThat(report.lost()).as(report.toString()).isEmpty();
      assertThat(report.answeredTwice()).as(report.toString()).isEmpty();
    }
  }

  @Test
  void theGatewayContainerTakesTheSelfieStagesTokensAndRefusesMadeUpOnes() throws Exception {
    ApiClient api = deployment.api();
    ApiClient.Response front = api.post("validate_front_face", ApiClient.form().credentials(deployment.apiKey, deployment.apiSecret)
        .file("selfie", Media.photo(Media.RICK_FRONT)));
    assertThat(front.status()).as(front.toString()).isEqualTo(200);
    String token = front.body().get("token_front_face").asText();

    ApiClient.Response side = api.post("validate_side_face", ApiClient.form().credentials(deployment.apiKey, deployment.apiSecret)
        .field("token_front_face", token).file("selfie", Media.photo(Media.RICK_FRONT)));
    assertThat(side.error()).as("judged by the selfie stage, past the gateway and the token gate: " + side).isEqualTo("FACE_NOT_SIDE");

    long start = System.nanoTime();
    ApiClient.Response forged = api.post("validate_side_face", ApiClient.form().credentials(deployment.apiKey, deployment.apiSecret)
        .field("token_front_face", "F".repeat(43)).file("selfie", Media.photo(Media.RICK_FRONT)));
    assertThat(forged.error()).as(forged.toString()).isEqualTo("INVALID_TOKEN");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered by the gateway, not after the token gate's 2 s hold")
        .isLessThan(Duration.ofMillis(1500));
  }
}
