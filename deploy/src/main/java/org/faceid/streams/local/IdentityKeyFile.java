package org.faceid.streams.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.faceid.streams.identity.IdentityKeys;

/**
 * The identity key (the HMAC key of ID numbers and names): {@value #ENV} in hex when the operator
 * provides one, else generated once and kept, mode 600, in {@code <data dir>/}{@value #FILE}, like
 * the generated api key. The service and the {@code identities} commands find the same key there.
 * Losing it makes every registered identity unreachable: back it up with the data directory.
 */
public final class IdentityKeyFile {

  public static final String ENV = "FACEID_IDENTITY_KEY";
  static final String FILE = "identity-key.hex";

  private IdentityKeyFile() {}

  public static IdentityKeys resolve(Path dataDir, Map<String, String> env) throws IOException {
    String provided = env.get(ENV);
    if (provided != null && !provided.isBlank()) {
      return IdentityKeys.fromHex(provided);
    }
    return IdentityKeys.fromHex(OwnerOnlyFile.keyKeptIn(dataDir.resolve(FILE), IdentityKeys.MIN_KEY_BYTES));
  }
}
