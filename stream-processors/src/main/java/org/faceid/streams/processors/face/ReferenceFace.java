package org.faceid.streams.processors.face;

import org.faceid.streams.api.ApiError;

/**
 * A reference photo (verify's image_refN): the embedding of its one face, or the error it earns
 * (NO_FACE_FOUND, MULTIPLE_FACES) without the parameter suffix. {@code rotation} is the clockwise
 * turn in degrees at which the face was found (0 unless multi-oriented detection was needed).
 */
public record ReferenceFace(ApiError error, float[] embedding, int rotation) {}
