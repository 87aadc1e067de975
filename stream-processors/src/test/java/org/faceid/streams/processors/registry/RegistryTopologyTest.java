package org.faceid.streams.processors.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import java.time.Clock;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.processors.face.FaceFixtures;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.IdentitySubmitted;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin call's stage on real photos: register, the same again, a faceless photo, delete. */
class RegistryTopologyTest {

  private static final IdentityKeys KEYS = new IdentityKeys(new byte[32]);
  private static final String RICK = KEYS.idKey("11010519491231002X");
  private TopologyTestDriver driver;

  @BeforeEach
  void start() {
    driver = new TopologyTestDriver(new RegistryTopology(
        new IdentityRegistration(null, FaceTestSupport.engine(), "test-models", Clock.systemUTC())).build(), Fixtures.driverProps());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private ApiResult submit(IdentitySubmitted.Builder identity) {
    Fixtures.input(driver, Topics.IDENTITY_SUBMITTED).pipeInput("r", identity.setMeta(meta("r", Endpoint.IDENTITY, "admin", T0)).build());
    return Fixtures.output(driver, Topics.RESULTS).readValue();
  }

  private ApiResult register(byte[] photo) {
    return submit(IdentitySubmitted.newBuilder().setIdKey(RICK).setNameKey(KEYS.nameKey("Rick Grimes")).setPhoto(ByteBuffer.wrap(photo)));
  }

  @Test
  void registersOnceThenChangesNothingThenDeletes() {
    TestOutputTopic<String, Identity> registry = Fixtures.output(driver, Topics.IDENTITIES);

    byte[] photo = FaceFixtures.photo("faces/rick/rick3.jpg");
    assertThat(register(photo).getIdentityResult()).isEqualTo("REGISTERED");
    KeyValue<String, Identity> written = registry.readKeyValue();
    assertThat(written.key).isEqualTo(RICK);
    assertThat(written.value.getSource()).isEqualTo("admin");
    // The same engine on the same bytes: the record holds exactly that photo's embedding.
    assertThat(written.value.getEmbedding()).isEqualTo(RegisteredPhoto.analyze(FaceTestSupport.engine(), photo).embedding());
    assertThat(written.value.getEmbedding().remaining()).isEqualTo(512 * 4);

    assertThat(register(FaceFixtures.photo("faces/rick/rick3.jpg")).getIdentityResult()).isEqualTo("UNCHANGED");
    assertThat(registry.isEmpty()).isTrue();

    ApiResult noFace = register(FaceFixtures.noFace());
    assertThat(noFace.getHttpStatus()).isEqualTo(400);
    assertThat(noFace.getErrorMessage()).isEqualTo("NO_FACE_FOUND");
    assertThat(register(FaceFixtures.twoPeople("faces/rick/rick1.jpg", "faces/daryl/daryl3.jpg")).getErrorMessage())
        .isEqualTo("MULTIPLE_FACES");
    assertThat(registry.isEmpty()).as("a refused photo changes nothing").isTrue();

    assertThat(submit(IdentitySubmitted.newBuilder().setIdKey(RICK).setDelete(true)).getIdentityResult()).isEqualTo("DELETED");
    KeyValue<String, Identity> tombstone = registry.readKeyValue();
    assertThat(tombstone.key).isEqualTo(RICK);
    assertThat(tombstone.value).isNull();
    assertThat(submit(IdentitySubmitted.newBuilder().setIdKey(RICK).setDelete(true)).getErrorMessage()).isEqualTo("NO_SUCH_ID_NUMBER");
  }
}
