package org.faceid.streams.processors.face;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The fingerprint of the models an embedding depends on (detector, landmarks, embedder): two
 * embeddings compare only when their fingerprints are equal. A registry record made with another
 * set must be re-embedded from its kept photo, or re-imported.
 */
public final class ModelSet {

  private ModelSet() {}

  /** SHA-256 over the three files, first 16 bytes in hex, with the detector's name in front. */
  public static String of(Path dir, String detector) {
    String which = detector == null || detector.isBlank() ? "ultraface" : detector.trim().toLowerCase(Locale.ROOT);
    String detectorFile = which.equals("blazeface") ? BlazeFaceDetector.FILE : UltraFaceDetector.FILE;
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String file : new String[] {detectorFile, OnnxLandmarkDetector.FILE, OnnxFaceEmbedder.FILE}) {
        sha.update(Files.readAllBytes(dir.resolve(file)));
      }
      return which + ":" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the face models in " + dir, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
