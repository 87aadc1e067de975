package org.faceid.streams.processors.face;

/** Head pose in degrees: yaw (left/right turn), pitch (nod), roll (in-plane tilt). */
public record Pose(double yaw, double pitch, double roll) {}
