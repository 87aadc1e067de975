package org.faceid.streams.processors.signals;

import org.faceid.streams.processors.face.Embeddings;
import org.faceid.streams.processors.face.FaceMeasures;
import org.faceid.streams.processors.face.ImageMetadata;
import org.faceid.streams.processors.face.SelfieCheck;
import org.faceid.streams.schema.FaceEvidence;

/** The evidence a validated selfie leaves on its token: what verify needs, nothing of the image itself. */
public final class FaceEvidences {

  private FaceEvidences() {}

  public static FaceEvidence of(ImageMetadata metadata, FaceMeasures face) {
    return FaceEvidence.newBuilder()
        .setFormat(metadata.format())
        .setExifOrientation(metadata.orientation())
        .setExifMake(metadata.make())
        .setExifModel(metadata.model())
        .setExifSoftware(metadata.software())
        .setExifDatetime(metadata.dateTime())
        .setEmbedding(Embeddings.toBytes(face.embedding()))
        .setLiveScore(face.liveScore())
        .setYaw(SelfieCheck.yaw(face))
        .setPitch(face.pose().pitch())
        .setRoll(face.pose().roll())
        .setBlur(face.blur())
        .setBrightness(face.brightness())
        .setEyesOpen(face.eyesOpen())
        .build();
  }
}
