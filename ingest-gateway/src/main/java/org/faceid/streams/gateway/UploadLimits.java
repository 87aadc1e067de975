package org.faceid.streams.gateway;

/** Byte limits of uploaded files; going over one answers 413 before the file is buffered. */
final class UploadLimits {

  /** "容量不大于20MB" (seed 000). */
  static final long VIDEO = 20L * 1024 * 1024;
  /** Verify's image_ref1..3: "如果图片存储尺寸大于2MB，会触发错误413" (seed 002). */
  static final long IMAGE = 2L * 1024 * 1024;
  /**
   * Front and side selfies: seed 003 asks for the original photo ("要求上传用户的原始自拍照片")
   * and sets no size; phone originals are 3-8 MB. 10 MB, well inside a media record (25 MiB).
   */
  static final long SELFIE = 10L * 1024 * 1024;

  private UploadLimits() {}
}
