package org.faceid.streams.processors.liveness;

import java.util.List;
import java.util.Objects;
import org.faceid.streams.processors.face.FaceMeasures;

/**
 * The faces of one clip: the main face per sampled frame (null where none was found), the best frame
 * fully measured, a runner-up frame for a second best image, and the track's consistency.
 *
 * @param frames one entry per sampled frame, null where no face was found
 * @param best the best-quality frame's face, null when no frame has a face
 * @param bestMeasures every measure of the best face (embedding, pose, anti-spoof), null with {@code best}
 * @param runnerUp the best frame at least {@link VideoFaceAnalyzer#MIN_BEST_GAP_MS} from {@code best}, or null
 * @param minSimilarity the lowest cosine similarity between the best face and faces sampled across the clip
 * @param liveScore median anti-spoof live probability over the sampled faces
 */
public record VideoFaces(List<FrameFace> frames, FrameFace best, FaceMeasures bestMeasures, FrameFace runnerUp,
    double minSimilarity, double liveScore) {

  long faceFrames() {
    return frames.stream().filter(Objects::nonNull).count();
  }

  long crowdedFrames() {
    return frames.stream().filter(f -> f != null && f.crowded()).count();
  }

  boolean anyCrowded() {
    return crowdedFrames() > 0;
  }
}
