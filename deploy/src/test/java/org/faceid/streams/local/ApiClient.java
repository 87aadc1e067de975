package org.faceid.streams.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A client of the HTTP API, as a user's app would call it: multipart/form-data POSTs. Every answer
 * is checked against the gateway's openapi.yaml ({@link OpenApiContract}).
 */
final class ApiClient {

  record Response(int status, JsonNode body) {
    String error() {
      return body.path("error_message").asText(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String base;

  ApiClient(int port) {
    this(port, null);
  }

  /** A client calling from {@code localAddress} (any 127.x.y.z on loopback): another client address. */
  ApiClient(int port, InetAddress localAddress) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (localAddress != null) {
      builder.localAddress(localAddress);
    }
    this.http = builder.build();
    this.base = "http://127.0.0.1:" + port;
  }

  /** A form under construction: text fields and files, in the order they are added. */
  static final class Form {
    final Map<String, Object> parts = new LinkedHashMap<>();

    Form field(String name, String value) {
      parts.put(name, value);
      return this;
    }

    Form file(String name, byte[] content) {
      parts.put(name, content);
      return this;
    }

    Form credentials(String apiKey, String apiSecret) {
      return field("api_key", apiKey).field("api_secret", apiSecret);
    }
  }

  static Form form() {
    return new Form();
  }

  Response post(String api, Form form) throws IOException, InterruptedException {
    String boundary = "----faceid" + UUID.randomUUID();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/faceid/lite/raw/" + api))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, form)))
        .build();
    return send(request);
  }

  Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (!response.body().isEmpty()) {
      // Every answer a scenario receives is also held to the published description.
      OpenApiContract.GATEWAY.check(request.method(), request.uri().getPath(), response.statusCode(), response.body());
    }
    JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    return new Response(response.statusCode(), body);
  }

  /** A GET of something other than the API (the page, the description): no JSON, no contract. */
  HttpResponse<String> fetch(String path) throws IOException, InterruptedException {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  static byte[] multipart(String boundary, Form form) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    form.parts.forEach((name, value) -> {
      StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(name).append('"');
      if (value instanceof byte[]) {
        head.append("; filename=\"").append(name).append(".bin\"\r\nContent-Type: application/octet-stream");
      }
      head.append("\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(value instanceof byte[] b ? b : ((String) value).getBytes(StandardCharsets.UTF_8));
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    });
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
