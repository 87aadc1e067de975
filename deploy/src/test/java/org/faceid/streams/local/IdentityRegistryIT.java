package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.local.ApiClient.form;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.faceid.streams.processors.TestProcessorsConfig;
import org.faceid.streams.cli.FaceIdCli;
import org.faceid.streams.local.ApiClient.Response;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.face.FaceFixtures;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 end to end: identities registered by {@code faceid identities import} from real photos,
 * then verify with comparison_type=1 over HTTP on the embedded broker; the registry survives a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityRegistryIT {

  static final String KEY = "registry-key";
  static final String SECRET = "registry-secret-1234567890";
  static final String TYPE_0_ONLY = "type-0-key";
  static final String RICK = "11010519491231002X";
  static final String DARYL = "440524188001010014";
  static final String AMY = "110101199003072316";
  static final String NO_FACE = "110101199003075533";
  static final String UNREADABLE = "11010119900307491X";
  static final String NO_PHOTO = "110101199003071233";
  static final String NOBODY = "110101199003070011";

  Path dataDir;
  Path files;
  FaceIdService service;
  ApiClient api;

  @BeforeAll
  void start(@TempDir Path temp) throws Exception {
    dataDir = Files.createDirectory(temp.resolve("data"));
    files = Files.createDirectory(temp.resolve("files"));
    service = startService();
    service.createApiKey(KEY, SECRET, FaceIdService.ALL_PERMISSIONS, 16);
    service.createApiKey(TYPE_0_ONLY, SECRET, List.of(Permission.SELFIE, Permission.COMPARISON_TYPE_0), 16);
  }

  private FaceIdService startService() throws Exception {
    FaceIdService started = FaceIdService.start(LocalConfig.fromEnv(Map.of("FACEID_DATA_DIR", dataDir.toString(),
        "FACEID_HTTP_PORT", "0")).withResultTimeout(Duration.ofSeconds(20)), TestProcessorsConfig.get(),
        new MutableClock());
    started.awaitHealthy(Duration.ofMinutes(2));
    api = new ApiClient(started.httpPort());
    return started;
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  @Order(1)
  void importRegistersRealPhotosListsFailedRowsAndIsIdempotent() throws Exception {
    Path noFace = write("garden.png", FaceFixtures.noFace());
    Path twoPeople = write("two.png", FaceFixtures.twoPeople("faces/rick/rick1.jpg", "faces/daryl/daryl3.jpg"));
    Path garbage = write("broken.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    Path csv = files.resolve("identities.csv");
    Files.writeString(csv, String.join("\n",
        "idcard_name,idcard_number,photo",
        "Rick Grimes," + RICK + "," + TestData.path("faces/rick/rick3.jpg"),
        "\"Dixon, Daryl\"," + DARYL + "," + TestData.path("faces/daryl/daryl3.jpg"),
        // A real black-and-white photo.
        "Amy," + AMY + "," + TestData.path("faces/amy/amy1.png"),
        "Bad Number,110105194912310021," + TestData.path("faces/rick/rick3.jpg"),
        "Nobody," + NO_FACE + "," + noFace.getFileName(),
        "Two," + NOBODY + "," + twoPeople.getFileName(),
        "Broken," + UNREADABLE + "," + garbage.getFileName(),
        ""));

    Cli first = cli("identities", "import", csv.toString());
    assertThat(first.status()).as(first.out()).isEqualTo(1);
    assertThat(first.out()).contains("[7/7] line 8: FAILED IMAGE_ERROR_UNSUPPORTED_FORMAT")
        .contains("identities import: 7 rows, 3 registered, 0 unchanged, 4 failed")
        .contains("line 5: INVALID_IDCARD_NUMBER", "line 6: NO_FACE_FOUND", "line 7: MULTIPLE_FACES",
            "line 8: IMAGE_ERROR_UNSUPPORTED_FORMAT")
        .doesNotContain(RICK).doesNotContain("Rick");

    Cli again = cli("identities", "import", csv.toString());
    assertThat(again.out()).contains("identities import: 7 rows, 0 registered, 3 unchanged, 4 failed");

    // A source may hold identities with no usable photo; registered on request, verify names the source.
    Path jsonl = files.resolve("unusable.jsonl");
    Files.writeString(jsonl, String.join("\n",
        "{\"idcard_number\":\"" + NO_FACE + "\",\"idcard_name\":\"Nobody\",\"photo\":\"" + noFace.getFileName() + "\"}",
        "{\"idcard_number\":\"" + UNREADABLE + "\",\"idcard_name\":\"Broken\",\"photo\":\"" + garbage.getFileName() + "\"}",
        "{\"idcard_number\":\"" + NO_PHOTO + "\",\"idcard_name\":\"No Photo\"}"));
    Cli unusable = cli("identities", "import", "--register-unusable", jsonl.toString());
    assertThat(unusable.out()).as(unusable.out()).contains("3 registered, 0 unchanged, 0 failed")
        .contains("line 1: registered, photo unusable (NO_FACE_FOUND)");
    assertThat(unusable.status()).isZero();

    // Nothing clear in the topic: keys and values hold HMACs.
    Map<String, Identity> stored;
    try (IdentityRegistry registry = new IdentityRegistry(service.bootstrapServers(), Map.of())) {
      stored = registry.readAll();
    }
    assertThat(stored).hasSize(6);
    assertThat(stored.toString()).doesNotContain(RICK).doesNotContain("Rick").doesNotContain(DARYL.substring(0, 17));
  }

  @Test
  @Order(2)
  void theRegisteredPersonPassesAndAnotherIsBelowThe1e3Threshold() throws Exception {
    Response same = verifyRegistered(sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg"), RICK, "Rick Grimes",
        FaceFixtures.photo("faces/daryl/daryl3.jpg"));
    assertThat(same.status()).as(same.toString()).isEqualTo(200);
    JsonNode faceid = same.body().get("result_faceid");
    assertThat(faceid.get("confidence").asDouble()).as(same.toString()).isGreaterThan(faceid.get("thresholds").get("1e-3").asDouble());
    JsonNode ref = same.body().get("result_ref1");
    assertThat(ref.get("confidence").asDouble()).isLessThan(ref.get("thresholds").get("1e-3").asDouble());
    assertThat(same.body().get("id_exceptions").get("id_attacked").asInt()).isZero();
    assertThat(same.body().get("id_exceptions").get("id_photo_monochrome").asInt()).isZero();

    Response other = verifyRegistered(sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg"), DARYL, "Dixon, Daryl");
    assertThat(other.status()).as(other.toString()).isEqualTo(200);
    JsonNode daryl = other.body().get("result_faceid");
    assertThat(daryl.get("confidence").asDouble()).isLessThan(daryl.get("thresholds").get("1e-3").asDouble());
    assertThat(other.body().has("result_ref1")).isFalse();
  }

  @Test
  @Order(3)
  void everyErrorComesFromItsCause() throws Exception {
    String token = sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg");
    assertError(api.post("verify", typeOne(token).field("idcard_number", RICK)), 400, "MISSING_ARGUMENTS: idcard_name");
    assertError(api.post("verify", typeOne(token).field("idcard_name", "Rick Grimes")), 400, "MISSING_ARGUMENTS: idcard_number");
    assertError(api.post("verify", typeOne(token).field("idcard_name", "R".repeat(33)).field("idcard_number", RICK)),
        400, "INVALID_NAME_FORMAT");
    assertError(api.post("verify", typeOne(token).field("idcard_name", "Rick Grimes").field("idcard_number", "110105194912310021")),
        400, "INVALID_IDCARD_NUMBER");
    assertError(api.post("verify", form().credentials(TYPE_0_ONLY, SECRET).field("token", token).field("comparison_type", "1")
        .field("idcard_name", "Rick Grimes").field("idcard_number", RICK)), 403, "AUTHORIZATION_ERROR:Denied");
    assertError(verify(token, NOBODY, "Nobody"), 400, "NO_SUCH_ID_NUMBER");
    assertError(verify(token, RICK, "Daryl Dixon"), 400, "ID_NUMBER_NAME_NOT_MATCH");
    assertError(verify(token, NO_FACE, "Nobody"), 400, "NO_FACE_FOUND:data_source");
    assertError(verify(token, UNREADABLE, "Broken"), 400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:data_source");
    assertError(verify(token, NO_PHOTO, "No Photo"), 400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:data_source");
    assertError(api.post("verify", typeOne(token).field("idcard_name", "Rick Grimes").field("idcard_number", RICK)
        .file("image_ref1", FaceFixtures.noFace())), 400, "NO_FACE_FOUND:image_ref1");

    // An identity embedded by other face models cannot be compared: the source cannot answer.
    try (IdentityRegistry registry = new IdentityRegistry(service.bootstrapServers(), Map.of())) {
      Identity daryl = registry.readAll().get(IdentityKeyFile.resolve(dataDir, Map.of()).idKey(DARYL));
      registry.put(Identity.newBuilder(daryl).setModelSet("retired-models").build());
    }
    Response stale = null;
    for (int i = 0; i < 40 && (stale == null || stale.status() == 200 || stale.status() == 400
        && !"DATA_SOURCE_ERROR".equals(stale.error())); i++) {
      Thread.sleep(250);
      stale = verify(sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg"), DARYL, "Dixon, Daryl");
    }
    assertError(stale, 400, "DATA_SOURCE_ERROR");
    Cli reembed = cli("identities", "reembed");
    assertThat(reembed.out()).as("no photo was kept to embed again").contains("1 failed").contains("NEEDS_REIMPORT");
    assertThat(reembed.status()).isEqualTo(1);
    assertThat(cli("identities", "import", files.resolve("identities.csv").toString()).out())
        .as("a re-import re-embeds it").contains("1 registered, 2 unchanged");
  }

  @Test
  @Order(4)
  void anIdNumberAttackedOnceIsReportedAndAMonochromePhotoToo() throws Exception {
    // Someone else's side face substituted: a failed procedure with a different face is an attack.
    Response swapped = verifyRegistered(sideFaceToken("faces/daryl/daryl3.jpg", "faces/rick/rick2.jpg"), AMY, "Amy");
    assertThat(swapped.body().get("liveness").get("procedure_validation").asText()).as(swapped.toString())
        .isEqualTo("SELFIE_INCONSISTENT");
    assertThat(swapped.body().has("result_faceid")).isFalse();
    assertThat(swapped.body().get("id_exceptions").get("id_attacked").asInt()).isZero();
    assertThat(swapped.body().get("id_exceptions").get("id_photo_monochrome").asInt()).isEqualTo(1);

    Response later = verifyRegistered(sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg"), AMY, "Amy");
    assertThat(later.body().get("id_exceptions").get("id_attacked").asInt()).as(later.toString()).isEqualTo(1);
    Response rick = verifyRegistered(sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg"), RICK, "Rick Grimes");
    assertThat(rick.body().get("id_exceptions").get("id_attacked").asInt()).as("another ID number").isZero();
  }

  @Test
  @Order(5)
  void aRestartKeepsTheRegistryAndDeleteForgetsAnIdentity() throws Exception {
    service.close();
    service = startService();
    Response rick = verifyRegistered(sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg"), RICK, "Rick Grimes");
    assertThat(rick.status()).as(rick.toString()).isEqualTo(200);
    assertThat(rick.body().get("result_faceid").get("confidence").asDouble())
        .isGreaterThan(rick.body().get("result_faceid").get("thresholds").get("1e-3").asDouble());
    assertThat(verifyRegistered(sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg"), AMY, "Amy")
        .body().get("id_exceptions").get("id_attacked").asInt()).as("the attack history too").isEqualTo(1);

    Cli deleted = cli("identities", "delete", RICK);
    assertThat(deleted.out()).contains("identities delete: 1 deleted");
    assertThat(cli("identities", "delete", RICK).out()).contains("0 deleted, NO_SUCH_ID_NUMBER");
    String token = sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg");
    Response gone = null;
    for (int i = 0; i < 40 && (gone == null || gone.status() == 200); i++) {
      Thread.sleep(250);
      gone = verify(token, RICK, "Rick Grimes");
    }
    assertError(gone, 400, "NO_SUCH_ID_NUMBER");
  }

  @Test
  @Order(6)
  void theAdminCallRegistersAndDeletesOneIdentityWithItsOwnPermission() throws Exception {
    String penny = "110101199003071217";
    ApiClient.Form register = form().field("idcard_number", penny).field("idcard_name", "Penny")
        .file("photo", FaceFixtures.photo("faces/penny/penny1.png"));
    assertError(admin(register.credentials(KEY, SECRET)), 403, "AUTHORIZATION_ERROR:Denied");
    assertThat(api.post("identity", register.credentials(KEY, SECRET)).status()).as("not under the vendor's path").isEqualTo(404);

    Cli created = cli("identities", "admin-key");
    java.util.regex.Matcher key = java.util.regex.Pattern.compile("api_key=(\\S+) api_secret=(\\S+)").matcher(created.out());
    assertThat(key.find()).as(created.out()).isTrue();
    service.awaitApiKey(key.group(1), Duration.ofSeconds(30));
    Response registered = admin(register.credentials(key.group(1), key.group(2)));
    assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
    assertThat(registered.body().get("result").asText()).isEqualTo("REGISTERED");
    assertThat(admin(register).body().get("result").asText()).isEqualTo("UNCHANGED");
    assertError(admin(form().credentials(key.group(1), key.group(2)).field("idcard_number", penny).field("idcard_name", "Penny")
        .file("photo", FaceFixtures.noFace())), 400, "NO_FACE_FOUND");
    Response verified = verifyRegistered(sideFaceToken("faces/rick/rick1.jpg", "faces/rick/rick2.jpg"), penny, "Penny");
    assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
    assertThat(verified.body().get("result_faceid").get("confidence").asDouble()).as("rick against penny's photo")
        .isLessThan(verified.body().get("result_faceid").get("thresholds").get("1e-3").asDouble());
    assertThat(verified.body().get("id_exceptions").get("id_photo_monochrome").asInt()).isEqualTo(1);

    Response deleted = admin(form().credentials(key.group(1), key.group(2)).field("action", "delete").field("idcard_number", penny));
    assertThat(deleted.body().get("result").asText()).as(deleted.toString()).isEqualTo("DELETED");
  }

  // ---- helpers ----

  private Response admin(ApiClient.Form form) throws Exception {
    String boundary = "----admin" + System.nanoTime();
    return api.send(api.request("/faceid/admin/identity").header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(ApiClient.multipart(boundary, form))).build());
  }

  record Cli(int status, String out) {}

  private Cli cli(String... args) {
    StringWriter out = new StringWriter();
    var command = FaceIdCli.commandLine();
    command.setOut(new PrintWriter(out, true));
    String[] withDataDir = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--data-dir", dataDir.toString())).toArray(String[]::new);
    int status = command.execute(withDataDir);
    return new Cli(status, out.toString());
  }

  private Path write(String name, byte[] content) throws Exception {
    return Files.write(files.resolve(name), content);
  }

  private ApiClient.Form typeOne(String token) {
    return form().credentials(KEY, SECRET).field("token", token).field("comparison_type", "1");
  }

  private Response verify(String token, String idNumber, String name, byte[]... refs) throws Exception {
    ApiClient.Form form = typeOne(token).field("idcard_name", name).field("idcard_number", idNumber);
    for (int i = 0; i < refs.length; i++) {
      form.file("image_ref" + (i + 1), refs[i]);
    }
    return api.post("verify", form);
  }

  /** verify once the compare stage's global table has the identity (it arrives through Kafka). */
  private Response verifyRegistered(String token, String idNumber, String name, byte[]... refs) throws Exception {
    Response r = verify(token, idNumber, name, refs);
    for (int i = 0; i < 40 && "NO_SUCH_ID_NUMBER".equals(r.error()); i++) {
      Thread.sleep(250);
      r = verify(token, idNumber, name, refs);
    }
    return r;
  }

  private String sideFaceToken(String front, String side) throws Exception {
    Response f = api.post("validate_front_face", form().credentials(KEY, SECRET).file("selfie", FaceFixtures.photo(front)));
    assertThat(f.status()).as(f.toString()).isEqualTo(200);
    Response s = api.post("validate_side_face", form().credentials(KEY, SECRET)
        .field("token_front_face", f.body().get("token_front_face").asText()).file("selfie", FaceFixtures.photo(side)));
    assertThat(s.status()).as(s.toString()).isEqualTo(200);
    return s.body().get("token_side_face").asText();
  }

  static void assertError(Response r, int status, String message) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.error()).as(r.toString()).isEqualTo(message);
  }
}
