package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.faceid.streams.processors.decode.DecodeTopology;
import org.faceid.streams.processors.selfie.SelfieTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A broker, the gateway and the selfie flow's stages (decode, selfie) each in its own container. The
 * decode container is killed (SIGKILL) under load and started again: every request must be answered,
 * none lost, and each answered once. Where no Docker engine answers, Testcontainers reports it skipped
 * ("Docker is not available"); the build starts one where it can (deploy/images/engine.sh).
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerFailoverIT {

  ContainerDeployment deployment;

  @BeforeAll
  void start() {
    deployment = new ContainerDeployment("failover-key", "failover-secret-1234567890",
        List.of(DecodeTopology.STAGE, SelfieTopology.STAGE)).start();
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
}
