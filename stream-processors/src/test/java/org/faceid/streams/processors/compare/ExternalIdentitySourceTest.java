package org.faceid.streams.processors.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.processors.face.FaceFixtures;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.registry.HttpIdentitySource;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.IdentityPhotoState;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.VerifyParams;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The external identity source seam: a small local HTTP server (part of this test, not of the
 * product) answers as the README documents; the compare stage asks it for what the registry lacks,
 * caches its answers in the registry, and answers DATA_SOURCE_ERROR when it does not answer in time.
 */
class ExternalIdentitySourceTest {

  private static final IdentityKeys KEYS = new IdentityKeys(new byte[32]);
  private static final String DARYL = "440524188001010014";
  private static final String SLOW = "11010519491231002X";
  private static final String NOBODY = "110101199003070011";
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final AtomicInteger asked = new AtomicInteger();
  private HttpServer fake;
  private TopologyTestDriver driver;

  @BeforeEach
  void start() throws IOException {
    fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] daryl = FaceFixtures.photo("faces/daryl/daryl3.jpg");
    fake.createContext("/identities/", exchange -> {
      asked.incrementAndGet();
      String idKey = exchange.getRequestURI().getPath().substring("/identities/".length());
      if (idKey.equals(KEYS.idKey(SLOW))) {
        sleep(TIMEOUT.multipliedBy(4));
      }
      if (idKey.equals(KEYS.idKey(DARYL))) {
        byte[] body = ("{\"name_key\":\"" + KEYS.nameKey("Daryl Dixon") + "\",\"photo\":\""
            + Base64.getEncoder().encodeToString(daryl) + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
      exchange.close();
    });
    fake.start();
    URI base = URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + "/identities");
    HttpIdentitySource source = new HttpIdentitySource(base, TIMEOUT, FaceTestSupport.engine(), "test-models", Clock.systemUTC());
    driver = new TopologyTestDriver(new CompareTopology(FaceTestSupport.engine(), MatchThresholds.load(), "test-models", source)
        .build(), Fixtures.driverProps());
  }

  @AfterEach
  void stop() {
    driver.close();
    fake.stop(0);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ApiResult verify(Token token, String idNumber, String name) {
    VerifyParams params = VerifyParams.newBuilder().setComparisonType(1).setIdKey(KEYS.idKey(idNumber))
        .setNameKey(KEYS.nameKey(name)).build();
    Fixtures.input(driver, Topics.VERIFY_ACCEPTED).pipeInput("v", CompareTopologyTest.accepted(token, params));
    return Fixtures.output(driver, Topics.RESULTS).readValue();
  }

  @Test
  void whatTheRegistryLacksIsAskedOnceAndCached() {
    Token rick = CompareTopologyTest.sideFaceToken(FaceFixtures.photo(CompareTopologyTest.RICK_FRONT),
        FaceFixtures.photo(CompareTopologyTest.RICK_SIDE));
    TestOutputTopic<String, Identity> cache = Fixtures.output(driver, Topics.IDENTITIES);

    ApiResult first = verify(rick, DARYL, "Daryl Dixon");
    assertThat(first.getHttpStatus()).as(String.valueOf(first.getErrorMessage())).isEqualTo(200);
    assertThat(first.getResultFaceid().getConfidence()).as("rick against daryl's photo")
        .isLessThan(first.getResultFaceid().getThreshold1e3());
    Identity cached = cache.readValue();
    assertThat(cached.getIdKey()).isEqualTo(KEYS.idKey(DARYL));
    assertThat(cached.getSource()).isEqualTo("http");
    assertThat(cached.getPhotoState()).isEqualTo(IdentityPhotoState.USABLE);

    assertThat(verify(rick, DARYL, "Rick Grimes").getErrorMessage()).isEqualTo("ID_NUMBER_NAME_NOT_MATCH");
    assertThat(asked.get()).as("the second verify found it in the registry").isEqualTo(1);
    assertThat(verify(rick, NOBODY, "Nobody").getErrorMessage()).isEqualTo("NO_SUCH_ID_NUMBER");
    assertThat(cache.isEmpty()).as("nothing cached for a number the source does not know").isTrue();
  }

  @Test
  void aSourceThatDoesNotAnswerInTimeIsADataSourceError() {
    Token rick = CompareTopologyTest.sideFaceToken(FaceFixtures.photo(CompareTopologyTest.RICK_FRONT),
        FaceFixtures.photo(CompareTopologyTest.RICK_SIDE));
    long start = System.nanoTime();
    ApiResult slow = verify(rick, SLOW, "Rick Grimes");
    assertThat(slow.getHttpStatus()).isEqualTo(400);
    assertThat(slow.getErrorMessage()).isEqualTo("DATA_SOURCE_ERROR");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));

    fake.stop(0);
    assertThat(verify(rick, DARYL, "Daryl Dixon").getErrorMessage()).as("no source at all").isEqualTo("DATA_SOURCE_ERROR");
  }
}
