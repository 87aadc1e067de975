package org.faceid.streams.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's {@code openapi.yaml} as a check on real answers: each JSON answer must validate
 * against the schema the document gives its path, method and status (a path or method it does not
 * describe must be 404 API_NOT_FOUND). A renamed, missing or extra field fails the scenario that
 * received it.
 */
final class OpenApiContract {

  static final OpenApiContract GATEWAY = new OpenApiContract("/openapi.yaml");

  private static final String DOCUMENT_IRI = "https://faceid-streams.invalid/openapi.json";
  private static final String NOT_FOUND = "/components/responses/NotFound";

  private final JsonNode document;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  private OpenApiContract(String resource) {
    try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      document = new ObjectMapper(new YAMLFactory()).readTree(in);
      String json = new ObjectMapper().writeValueAsString(document);
      // OpenAPI 3.1's schemas are JSON Schema 2020-12; $refs resolve inside the one document.
      registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemas(Map.of(DOCUMENT_IRI, json)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails with every violation when {@code body}, answered with {@code status}, breaks the document. */
  void check(String method, String path, int status, String body) {
    String response = responsePointer(method.toLowerCase(Locale.ROOT), path, status);
    Schema schema = schemas.computeIfAbsent(response + "/content/application~1json/schema",
        pointer -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + pointer)));
    List<Error> errors = schema.validate(body, InputFormat.JSON);
    if (!errors.isEmpty()) {
      throw new AssertionError("answer " + status + " of " + method + " " + path + " breaks openapi.yaml ("
          + response + "): " + errors + "\n" + body);
    }
  }

  /** The JSON pointer of the described response, through a $ref to a shared one. */
  private String responsePointer(String method, String path, int status) {
    JsonNode operation = document.path("paths").path(path).path(method);
    if (operation.isMissingNode()) {
      if (status != 404) {
        throw new AssertionError(method + " " + path + " is not in openapi.yaml but answered " + status);
      }
      return NOT_FOUND;
    }
    JsonNode response = operation.path("responses").path(String.valueOf(status));
    if (response.isMissingNode()) {
      throw new AssertionError("openapi.yaml does not describe status " + status + " of " + method + " " + path);
    }
    if (response.has("$ref")) {
      return response.get("$ref").asText().substring(1);
    }
    return "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method + "/responses/" + status;
  }
}
