package org.faceid.streams.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.gateway.auth.ApiKeys;
import org.faceid.streams.gateway.kafka.KafkaClientSettings;
import org.faceid.streams.identity.IdCardNumber;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.local.FaceIdService;
import org.faceid.streams.local.IdentityKeyFile;
import org.faceid.streams.local.IdentityRegistry;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.ProcessorsConfig;
import org.faceid.streams.processors.registry.IdentityRegistration;
import org.faceid.streams.processors.registry.IdentityRegistration.Result;
import org.faceid.streams.processors.registry.IdentityRegistration.Status;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.Permission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faceid identities import FILE} and {@code faceid identities delete ID}: the identity
 * registry that verify with comparison_type=1 compares against. Rows are reported by line number,
 * never by their ID number.
 */
@Command(
    name = "identities",
    mixinStandardHelpOptions = true,
    description = "The identity registry (faceid.identities) for verify with comparison_type=1.",
    subcommands = {IdentitiesCommand.Import.class, IdentitiesCommand.Delete.class, IdentitiesCommand.Reembed.class,
        IdentitiesCommand.AdminKey.class})
public final class IdentitiesCommand implements Runnable {

  @Spec
  CommandSpec spec;

  /** A registry photo larger than this is refused before it is read. */
  static final long MAX_PHOTO_BYTES = 10L * 1024 * 1024;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "import or delete is required");
  }

  /** Where the registry is and the key its records are made with: the service's own data directory and settings. */
  static final class Target {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--data-dir", description = "The service's data directory (default: $FACEID_DATA_DIR or .faceid-local).")
    Path dataDir = Path.of(System.getenv().getOrDefault("FACEID_DATA_DIR", ".faceid-local"));

    @Option(names = "--bootstrap-servers", description = "The Kafka cluster (default: $FACEID_BOOTSTRAP_SERVERS, else the"
        + " embedded broker the running service recorded in its data directory).")
    String bootstrapServers = System.getenv("FACEID_BOOTSTRAP_SERVERS");

    IdentityRegistry registry() throws IOException {
      String servers = bootstrapServers;
      if (servers == null || servers.isBlank()) {
        Path recorded = dataDir.resolve(FaceIdService.BOOTSTRAP_FILE);
        if (!Files.exists(recorded)) {
          throw new IllegalStateException("no Kafka cluster: set --bootstrap-servers or start the service on " + dataDir);
        }
        servers = Files.readString(recorded).strip();
      }
      return new IdentityRegistry(servers, KafkaClientSettings.fromEnv(System.getenv()));
    }

    /** The command's output (the terminal, or a test's writer). */
    PrintWriter out() {
      return command.commandLine().getOut();
    }

    IdentityKeys keys() throws IOException {
      return IdentityKeyFile.resolve(dataDir, System.getenv());
    }

    /** The face models and their fingerprint, as the service's stages are configured. */
    ProcessorsConfig processors() {
      return ProcessorsConfig.fromEnv(System.getenv());
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true, description = {
      "Registers the identities of FILE: CSV with a header (idcard_number,idcard_name,photo) or JSON lines",
      "(.jsonl: {\"idcard_number\":…,\"idcard_name\":…,\"photo\":…}); photo paths are relative to FILE.",
      "Rows that fail are listed with the seed's error name; re-importing the same file changes nothing.",
      "Exit status 1 when any row failed."})
  static final class Import implements Callable<Integer> {
    @Mixin
    Target target;

    @Parameters(paramLabel = "FILE", description = "The CSV or JSONL file.")
    Path file;

    @Option(names = "--keep-photos", description = "Keep each photo in its record, for audit and re-embedding after a model change.")
    boolean keepPhotos;

    @Option(names = "--register-unusable", description = "Register rows whose photo is missing, unreadable or has no face"
        + " anyway: verify then answers IMAGE_ERROR_UNSUPPORTED_FORMAT:data_source or NO_FACE_FOUND:data_source.")
    boolean registerUnusable;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = target.out();
      List<IdentityRows.Row> rows = IdentityRows.read(file);
      IdentityRegistration.Options options = new IdentityRegistration.Options(keepPhotos, registerUnusable, "import");
      int registered = 0;
      int unchanged = 0;
      List<String> failures = new ArrayList<>();
      try (IdentityRegistry registry = target.registry(); FaceEngine engine = FaceEngine.open(target.processors().faceModels())) {
        IdentityKeys keys = target.keys();
        IdentityRegistration registration = new IdentityRegistration(keys, engine, target.processors().modelSet(), Clock.systemUTC());
        Map<String, Identity> current = registry.readAll();
        int done = 0;
        for (IdentityRows.Row row : rows) {
          done++;
          Result result;
          try {
            byte[] photo = photo(row);
            Identity registeredNow = IdCardNumber.valid(row.idCardNumber()) ? current.get(keys.idKey(row.idCardNumber())) : null;
            result = registration.register(row.idCardNumber(), row.name(), photo, registeredNow, options);
          } catch (PhotoException e) {
            result = new Result(Status.FAILED, e.getMessage(), null);
          }
          String outcome = switch (result.status()) {
            case REGISTERED -> {
              registry.put(result.record());
              current.put(result.record().getIdKey(), result.record());
              registered++;
              yield result.error() == null ? "registered" : "registered, photo unusable (" + result.error() + ")";
            }
            case UNCHANGED -> {
              unchanged++;
              yield "unchanged";
            }
            case FAILED -> {
              failures.add("line " + row.line() + ": " + result.error());
              yield "FAILED " + result.error();
            }
          };
          out.printf("[%d/%d] line %d: %s%n", done, rows.size(), row.line(), outcome);
          out.flush();
        }
      }
      out.printf("identities import: %d rows, %d registered, %d unchanged, %d failed%n",
          rows.size(), registered, unchanged, failures.size());
      failures.forEach(f -> out.println("  " + f));
      out.flush();
      return failures.isEmpty() ? 0 : 1;
    }

    /** The row's photo, null when the row names none; its size is checked before it is read. */
    private byte[] photo(IdentityRows.Row row) throws PhotoException {
      if (row.photo() == null || row.photo().isBlank()) {
        return null;
      }
      Path path = file.toAbsolutePath().getParent().resolve(row.photo());
      try {
        if (Files.size(path) > MAX_PHOTO_BYTES) {
          throw new PhotoException(ApiError.INVALID_IMAGE_SIZE.message());
        }
        return Files.readAllBytes(path);
      } catch (IOException e) {
        throw new PhotoException(ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT.message());
      }
    }
  }

  /** A row whose photo cannot be read, with the seed's error name. */
  private static final class PhotoException extends Exception {
    PhotoException(String error) {
      super(error, null, false, false);
    }
  }

  @Command(name = "reembed", mixinStandardHelpOptions = true, description = {
      "After a change of face models: embeds every identity made by other models again from its kept photo",
      "(--keep-photos at import), and lists those without one (NEEDS_REIMPORT, by registry key prefix).",
      "Exit status 1 when any needs re-import."})
  static final class Reembed implements Callable<Integer> {
    @Mixin
    Target target;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = target.out();
      int reembedded = 0;
      int current = 0;
      List<String> failures = new ArrayList<>();
      try (IdentityRegistry registry = target.registry(); FaceEngine engine = FaceEngine.open(target.processors().faceModels())) {
        IdentityRegistration registration = new IdentityRegistration(target.keys(), engine, target.processors().modelSet(), Clock.systemUTC());
        Map<String, Identity> all = registry.readAll();
        for (Identity identity : all.values()) {
          Result result = registration.reembed(identity);
          switch (result.status()) {
            case REGISTERED -> {
              registry.put(result.record());
              reembedded++;
            }
            case UNCHANGED -> current++;
            case FAILED -> failures.add("key " + identity.getIdKey().substring(0, 12) + "…: " + result.error());
          }
        }
        out.printf("identities reembed: %d identities, %d re-embedded, %d current, %d failed%n", all.size(), reembedded,
            current, failures.size());
      }
      failures.forEach(f -> out.println("  " + f));
      return failures.isEmpty() ? 0 : 1;
    }
  }

  @Command(name = "admin-key", mixinStandardHelpOptions = true, description = {
      "Creates an api key with only the IDENTITY_ADMIN permission and prints its secret once.",
      "That permission (POST /faceid/admin/identity) is no key's by default; only the secret's salted hash is stored."})
  static final class AdminKey implements Callable<Integer> {
    @Mixin
    Target target;

    @Override
    public Integer call() throws Exception {
      String apiKey = "admin-" + ApiKeys.randomHex(8);
      String secret = ApiKeys.randomHex(24);
      try (IdentityRegistry registry = target.registry()) {
        registry.putApiKey(ApiKeys.create(apiKey, secret, List.of(Permission.IDENTITY_ADMIN), ADMIN_CONCURRENCY, Clock.systemUTC()));
      }
      target.out().printf("identities admin-key: api_key=%s api_secret=%s (shown once)%n", apiKey, secret);
      return 0;
    }
  }

  /** Requests an admin key may have in flight: registrations are one at a time, by hand or by a script. */
  static final int ADMIN_CONCURRENCY = 4;

  @Command(name = "delete", mixinStandardHelpOptions = true, description = {
      "Deletes the identity registered under ID (an ID number); exit status 1 when none is."})
  static final class Delete implements Callable<Integer> {
    @Mixin
    Target target;

    @Parameters(paramLabel = "ID", description = "The ID number.")
    String idCardNumber;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = target.out();
      if (!IdCardNumber.valid(idCardNumber)) {
        out.println("identities delete: " + ApiError.INVALID_IDCARD_NUMBER.message());
        return 1;
      }
      String idKey = target.keys().idKey(idCardNumber);
      try (IdentityRegistry registry = target.registry()) {
        out.println("identities delete: reading the registry");
        if (!registry.readAll().containsKey(idKey)) {
          out.println("identities delete: 0 deleted, " + ApiError.NO_SUCH_ID_NUMBER.message());
          return 1;
        }
        registry.delete(idKey);
      }
      out.println("identities delete: 1 deleted");
      out.flush();
      return 0;
    }
  }
}
