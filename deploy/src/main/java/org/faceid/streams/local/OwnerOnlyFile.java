package org.faceid.streams.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A secret-bearing file of the data directory: written whole or not at all, mode 600 from its creation on. */
final class OwnerOnlyFile {

  private OwnerOnlyFile() {}

  static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(temp, content);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The hex key kept in {@code file}, a new random one of {@code bytes} bytes written there first if it has none. */
  static String keyKeptIn(Path file, int bytes) throws IOException {
    if (!Files.exists(file)) {
      byte[] secret = new byte[bytes];
      new SecureRandom().nextBytes(secret);
      write(file, HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII));
    }
    return Files.readString(file, StandardCharsets.US_ASCII);
  }
}
