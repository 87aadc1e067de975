package org.faceid.streams.processors.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.processors.decode.TestMedia;
import org.faceid.streams.processors.face.Embeddings;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.FaceFixtures;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.registry.IdentityRegistration.Options;
import org.faceid.streams.processors.registry.IdentityRegistration.Result;
import org.faceid.streams.processors.registry.IdentityRegistration.Status;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.IdentityPhotoState;
import org.junit.jupiter.api.Test;

/** Registry records from real photos: the seed's error names, idempotence, re-embedding after a model change. */
class IdentityRegistrationTest {

  private static final IdentityKeys KEYS = new IdentityKeys(new byte[32]);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String RICK = "11010519491231002X";
  private static final Options PLAIN = new Options(false, false, "import");
  private static final Options KEEP = new Options(true, false, "import");

  private final IdentityRegistration current = new IdentityRegistration(KEYS, FaceTestSupport.engine(), "models-b", CLOCK);

  @Test
  void eachRefusedRowHasTheSeedsErrorName() {
    byte[] rick = FaceFixtures.photo("faces/rick/rick3.jpg");
    assertThat(current.register("110105194912310021", "Rick", rick, null, PLAIN).error()).isEqualTo("INVALID_IDCARD_NUMBER");
    assertThat(current.register(RICK, "R".repeat(33), rick, null, PLAIN).error()).isEqualTo("INVALID_NAME_FORMAT");
    assertThat(current.register(RICK, "Rick", FaceFixtures.noFace(), null, PLAIN).error()).isEqualTo("NO_FACE_FOUND");
    assertThat(current.register(RICK, "Rick", FaceFixtures.twoPeople("faces/rick/rick1.jpg", "faces/daryl/daryl3.jpg"), null, PLAIN)
        .error()).isEqualTo("MULTIPLE_FACES");
    assertThat(current.register(RICK, "Rick", new byte[] {1, 2, 3}, null, PLAIN).error()).isEqualTo("IMAGE_ERROR_UNSUPPORTED_FORMAT");
    assertThat(current.register(RICK, "Rick", null, null, PLAIN).error()).isEqualTo("IMAGE_ERROR_UNSUPPORTED_FORMAT");
    assertThat(current.register(RICK, "Rick", TestMedia.resizedImage(rick, 300, 4500, ".png"), null, PLAIN).error())
        .as("over 4096 px, refused from its header").isEqualTo("INVALID_IMAGE_SIZE");
    assertThat(current.register(RICK, "Rick", TestMedia.truncate(rick, 0.6), null, PLAIN).error()).as("cut short")
        .isEqualTo("IMAGE_ERROR_UNSUPPORTED_FORMAT");
    assertThat(current.register(RICK, "Rick", FaceFixtures.noFace(), null, new Options(false, true, "import")).record()
        .getPhotoState()).isEqualTo(IdentityPhotoState.NO_FACE);
  }

  @Test
  void theSameRowAgainChangesNothingAndAnotherNameOrPhotoDoes() {
    byte[] rick = FaceFixtures.photo("faces/rick/rick3.jpg");
    Result first = current.register(RICK, "Rick Grimes", rick, null, PLAIN);
    assertThat(first.status()).isEqualTo(Status.REGISTERED);
    assertThat(first.record().getIdKey()).isEqualTo(KEYS.idKey(RICK));
    assertThat(first.record().getPhoto()).as("kept only on request").isNull();
    assertThat(first.record().getMonochrome()).isFalse();

    assertThat(current.register(RICK, "Rick Grimes", rick, first.record(), PLAIN).status()).isEqualTo(Status.UNCHANGED);
    assertThat(current.register(RICK, "Rick  Grimes ", rick, first.record(), PLAIN).status()).as("same normalised name")
        .isEqualTo(Status.UNCHANGED);
    assertThat(current.register(RICK, "Daryl Dixon", rick, first.record(), PLAIN).status()).isEqualTo(Status.REGISTERED);
    assertThat(current.register(RICK, "Rick Grimes", FaceFixtures.photo("faces/rick/rick1.jpg"), first.record(), PLAIN)
        .status()).isEqualTo(Status.REGISTERED);
    assertThat(current.register(RICK, "Rick Grimes", rick, first.record(), KEEP).status()).as("now keeping the photo")
        .isEqualTo(Status.REGISTERED);
  }

  @Test
  void aModelChangeReembedsKeptPhotosAndNamesTheRestForReimport() {
    IdentityRegistration older = new IdentityRegistration(KEYS, FaceTestSupport.engine(), "models-a", CLOCK);
    Identity kept = older.register(RICK, "Rick", FaceFixtures.photo("faces/rick/rick3.jpg"), null, KEEP).record();
    Identity notKept = older.register(RICK, "Rick", FaceFixtures.photo("faces/rick/rick3.jpg"), null, PLAIN).record();

    Result reembedded = current.reembed(kept);
    assertThat(reembedded.status()).isEqualTo(Status.REGISTERED);
    assertThat(reembedded.record().getModelSet()).isEqualTo("models-b");
    assertThat(FaceEngine.similarity(Embeddings.fromBytes(reembedded.record().getEmbedding()),
        Embeddings.fromBytes(kept.getEmbedding()))).isGreaterThan(0.99);
    assertThat(current.reembed(reembedded.record()).status()).isEqualTo(Status.UNCHANGED);
    assertThat(current.reembed(notKept).error()).isEqualTo(IdentityRegistration.NEEDS_REIMPORT);
  }

  /**
   * Labels independent of the measure: the PNGs of testdata/faces are stored as greyscale (PNG colour
   * type 0: amy, penny, raj), the JPEGs in three-channel colour (daryl, negan, rick).
   */
  @Test
  void blackAndWhitePhotosAreMonochromeAndColourPhotosAreNot() {
    for (String person : new String[] {"amy", "penny", "raj", "daryl", "negan", "rick"}) {
      for (int i = 1; i <= 4; i++) {
        String photo = "faces/" + person + "/" + person + i + (person.matches("amy|penny|raj") ? ".png" : ".jpg");
        RegisteredPhoto analyzed = RegisteredPhoto.analyze(FaceTestSupport.engine(), FaceFixtures.photo(photo));
        if (analyzed.error() == null) {
          assertThat(analyzed.monochrome()).as(photo).isEqualTo(photo.endsWith(".png"));
        }
      }
    }
    assertThat(RegisteredPhoto.analyze(FaceTestSupport.engine(), FaceFixtures.monochrome("faces/negan/negan1.jpg")).monochrome())
        .as("a colour photo made grey, saved as three channels").isTrue();
  }
}
