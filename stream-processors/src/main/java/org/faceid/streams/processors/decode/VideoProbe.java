package org.faceid.streams.processors.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_DURATION_FROM_STREAM;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.faceid.streams.schema.VideoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that an uploaded video is real, complete, decodable media and measures it; {@link #decode}
 * also returns, from the same single decode pass, the compact media the later stages analyse:
 * sampled upright JPEG frames and the audio as 16 kHz mono PCM.
 *
 * <p>Any container and codec FFmpeg reads is accepted. The probe opens the bytes with javacv's
 * {@link FFmpegFrameGrabber} on a {@link ByteArrayInputStream} (javacv provides the in-memory
 * {@code AVIOContext}, container probing and stream selection) and then runs its own decode loop
 * on the grabber's {@code AVFormatContext}.
 *
 * <h2>Compact media ({@link #decode})</h2>
 * <ul>
 *   <li>Frames: at least 12.5 per second of video, chosen from the measured timestamps (see
 *       {@link FrameSampler}), converted to BGR with swscale, turned upright by the stream's display
 *       rotation (display matrix or {@code rotate} tag, as phones write it), downscaled so the longer
 *       side is at most 640 px and JPEG-encoded; each carries its time from the first decoded frame.</li>
 *   <li>Audio: the first audio stream that decodes, decoded to its end and resampled with
 *       swresample to 16 kHz mono s16le, aligned so sample 0 is the first video frame's time
 *       (see {@link AudioResampler}); empty without audio.</li>
 * </ul>
 * Only frames that are kept are converted. A 5 s 640x480 H.264 + AAC clip took 150-170 ms of one
 * core's CPU time in all (63 JPEGs of them about 50 ms; probing alone about 100 ms), measured by
 * VideoProbeTest on the 2-core build machine.
 *
 * <h2>Why decode every video frame, and why not through {@code grabFrame}</h2>
 * Reading packets only ({@code grabPacket()}) would give timestamps at a fraction of the cost, but it
 * proves nothing about the content: a file whose bytes are damaged, or cut inside the last packet of
 * a container without an index (MPEG-PS/TS, live-written WebM, AVI), still yields packets with
 * plausible timestamps; only the decoder sees that the payload is broken. javacv's
 * {@code grabFrame(..., doProcessing=false, ...)} would decode without converting pixels, but it
 * silently ignores every decoder error and hides the decoded {@code AVFrame}, so it cannot tell a
 * clean frame from a concealed one. Hence the own loop: every video packet goes to a decoder opened
 * here, no pixel is converted (no swscale), and the loop counts
 * <ul>
 *   <li>decoder errors ({@code avcodec_send_packet}/{@code avcodec_receive_frame} &lt; 0),</li>
 *   <li>frames FFmpeg flags as corrupt ({@code AV_FRAME_FLAG_CORRUPT} or {@code decode_error_flags}:
 *       error concealment was needed) and packets the demuxer flags corrupt,</li>
 *   <li>demuxer read errors other than end-of-file (e.g. "partial file" in a cut MP4).</li>
 * </ul>
 * Any of these refuses the file. The loop filter is skipped ({@code skip_loop_filter=all}): it only
 * smooths pixels nobody looks at here, costs about a fifth of H.264 decode time and plays no part in
 * error detection; {@link #decode} keeps it, because its pictures are looked at and H.264 predicts
 * from filtered pictures. {@link #probe} decodes audio only until its first good frame
 * ({@link Result#hasAudio()}).
 *
 * <h2>Truncation</h2>
 * <ul>
 *   <li>MP4/MOV/3GP: every top-level box must lie inside the file. FFmpeg otherwise plays a file
 *       whose {@code moov} lost its audio {@code trak} as a silent video, and a fragmented MP4 that
 *       lost its last fragment as a shorter one.</li>
 *   <li>When the file states the video's duration (MP4 track header, the per-track DURATION tag of
 *       FFmpeg-written Matroska, else a container duration taken from the streams) and the decoded
 *       media cover less than 90% of it, the file is refused.</li>
 *   <li>Otherwise the cut shows as a damaged last picture (MPEG-PS, MPEG-TS). A cut exactly on a
 *       packet boundary of a container without index or stated duration leaves a valid, shorter
 *       file; it is accepted and its real (shorter) duration reported.</li>
 * </ul>
 *
 * <h2>Duration</h2>
 * Measured, not read from the header: last decoded frame timestamp + one frame duration - first
 * decoded frame timestamp, where one frame duration is the median gap between decoded frame
 * timestamps (else the frame's own duration, else 1/frame rate). A longer audio track does not count.
 *
 * <h2>Safety and bounds</h2>
 * <ul>
 *   <li>Work is bounded by {@code maxDecodeTime} (wall clock; checked after every packet and frame
 *       and inside javacv's read callback, which then reports end-of-file, so even a long native
 *       call such as the container probe stops) and by a cap on decoded video frames. Frames over
 *       8192 x 8192 pixels are refused before decoding.</li>
 *   <li>FFmpeg may open nothing but the upload ({@code protocol_whitelist=none}): without it a
 *       concat script naming a relative path makes FFmpeg read that server-side file.</li>
 *   <li>Single images FFmpeg can read as a one-frame "video" (jpeg_pipe, png_pipe, image2) are
 *       refused.</li>
 *   <li>All native resources (packet, frame, codec contexts, swscale/swresample contexts, OpenCV
 *       matrices, javacv's grabber) are freed on every path; the decoders run single-threaded
 *       (parallelism comes from concurrent requests).</li>
 *   <li>FFmpeg's console log is lowered to {@code AV_LOG_FATAL}, process-wide, when this class is
 *       loaded: what it would print for a bad upload is reported through the exception message.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; probes may run concurrently (javacv serialises only
 * the container-open step).
 */
public final class VideoProbe {

    private static final Logger LOG = LoggerFactory.getLogger(VideoProbe.class);

    /**
     * Measured facts about a decodable video. {@code width} and {@code height} are the stored
     * (decoded) picture's, before any display rotation.
     */
    public record Result(long durationMs, boolean hasAudio, int width, int height, int frameCount) {}

    /** One sampled frame: upright JPEG, presented {@code timestampMs} after the first decoded frame. */
    public record SampledFrame(long timestampMs, byte[] jpeg) {}

    /**
     * The measurement plus the compact media: {@code rotationDegrees} is the clockwise turn applied
     * to the frames (0, 90, 180, 270); {@code audioPcm} is 16 kHz mono s16le, empty without audio.
     */
    public record Decoded(Result result, int rotationDegrees, List<SampledFrame> frames, byte[] audioPcm) {

        /** The sampled frames as the decode stage publishes them. */
        public List<VideoFrame> videoFrames() {
            return frames.stream().map(f -> new VideoFrame(f.timestampMs(), ByteBuffer.wrap(f.jpeg()))).toList();
        }

        /** The audio as 16-bit samples. */
        public short[] pcmSamples() {
            short[] samples = new short[audioPcm.length / 2];
            ByteBuffer.wrap(audioPcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
            return samples;
        }
    }

    /** Sample rate of {@link Decoded#audioPcm()}. */
    public static final int PCM_RATE = AudioResampler.RATE;

    /**
     * The sampled JPEGs of one clip may take this much: they travel in one Kafka record of at most
     * {@code Topics.MAX_MEDIA_RECORD_BYTES} (25 MiB). Real 640x480 frames take 30-40 KB, a 6 s
     * clip at 24 fps (every frame kept) about 6 MB; only noise-like pictures come near the cap.
     */
    public static final long MAX_SAMPLED_BYTES = 16L * 1024 * 1024;

    /** Audio kept by a {@link #decode} without a duration limit: as long as the default frame cap. */
    static final long MAX_UNBOUNDED_AUDIO_MICROS = 60_000_000;

    /** Default frame cap: 60 s at 60 fps. */
    public static final int DEFAULT_MAX_FRAMES = 60 * 60;

    /** Decoded video must cover at least this share of a duration the container states. */
    static final double MIN_HEADER_COVERAGE = 0.90;

    /** Frames larger than 8192 x 8192 are refused before any is decoded. */
    static final long MAX_PIXELS = 8192L * 8192L;

    static {
        av_log_set_level(AV_LOG_FATAL);
    }

    private final Duration maxDecodeTime;
    private final int maxFrames;

    /** A probe that gives up after {@code maxDecodeTime} or {@link #DEFAULT_MAX_FRAMES} frames. */
    public VideoProbe(Duration maxDecodeTime) {
        this(maxDecodeTime, DEFAULT_MAX_FRAMES);
    }

    public VideoProbe(Duration maxDecodeTime, int maxFrames) {
        Objects.requireNonNull(maxDecodeTime, "maxDecodeTime");
        if (maxDecodeTime.isNegative() || maxDecodeTime.isZero()) {
            throw new IllegalArgumentException("maxDecodeTime must be positive: " + maxDecodeTime);
        }
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be positive: " + maxFrames);
        }
        this.maxDecodeTime = maxDecodeTime;
        this.maxFrames = maxFrames;
    }

    /**
     * Decodes the whole video stream (and audio up to its first good frame) and measures it.
     *
     * @throws UnsupportedMediaException when the bytes are not a readable video, are damaged or
     *     truncated, or cannot be checked within the time and frame limits
     */
    public Result probe(byte[] video) throws UnsupportedMediaException {
        return inspect(video, false).result();
    }

    /**
     * Like {@link #probe}, and returns the sampled frames and the audio as 16 kHz mono PCM too.
     * The time and frame limits cover this extra work.
     *
     * @throws UnsupportedMediaException as {@link #probe} does
     */
    public Decoded decode(byte[] video) throws UnsupportedMediaException {
        return decode(video, Long.MAX_VALUE);
    }

    /**
     * {@link #decode}, stopping with {@link DurationExceededException} once the decoded frames span
     * more than {@code maxDurationMs}: the sampled frames and the audio then never grow past what an
     * acceptable clip holds. The sampled JPEGs are also held to {@link #MAX_SAMPLED_BYTES}.
     */
    public Decoded decode(byte[] video, long maxDurationMs) throws UnsupportedMediaException {
        return inspect(video, true, maxDurationMs == Long.MAX_VALUE ? Long.MAX_VALUE : maxDurationMs * 1000);
    }

    private Decoded inspect(byte[] video, boolean media) throws UnsupportedMediaException {
        return inspect(video, media, Long.MAX_VALUE);
    }

    private Decoded inspect(byte[] video, boolean media, long maxSpanMicros) throws UnsupportedMediaException {
        Objects.requireNonNull(video, "video");
        if (video.length == 0) {
            throw new UnsupportedMediaException("video is empty (0 bytes)");
        }
        long startNanos = System.nanoTime();
        DeadlineInputStream in = new DeadlineInputStream(video, startNanos + maxDecodeTime.toNanos());
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(in);
        // javacv opens a decoder for the stream it picks; it is never used here, so keep it cheap:
        // one thread, no RGB buffer. Audio is left to the loop below (setAudioStream to an index that
        // cannot exist), so an audio codec FFmpeg lacks does not make the whole video unreadable.
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        grabber.setVideoOption("threads", "1");
        grabber.setAudioStream(Integer.MAX_VALUE);
        // The upload must not make FFmpeg open anything else: playlists (HLS, DASH), concat scripts
        // and the like would otherwise fetch files or URLs they name. Also stops javacv's retry of
        // avformat_open_input, which drops the in-memory AVIO and opens the stream's "file name".
        grabber.setOption("protocol_whitelist", "none");
        try {
            try {
                grabber.start();
            } catch (Exception e) {
                in.checkDeadline(maxDecodeTime);
                throw new UnsupportedMediaException("not a readable video: " + javacvMessage(e), e);
            }
            AVFormatContext oc = grabber.getFormatContext();
            String container = oc.iformat().name().getString(StandardCharsets.US_ASCII);
            if (container.equals("image2") || container.endsWith("_pipe")) {
                throw new UnsupportedMediaException("a still image (" + container + "), not a video");
            }
            if (container.startsWith("mov,mp4")) {
                String damage = IsoBmff.truncation(video);
                if (damage != null) {
                    throw new UnsupportedMediaException("MP4/MOV file is truncated: " + damage);
                }
            }
            Scan scan = new Scan(oc, grabber.getVideoStream(), in, media, maxSpanMicros);
            Decoded decoded = scan.run();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} bytes in {} ms: {}, {} frames sampled, {} PCM bytes ({})",
                        media ? "decoded" : "probed", video.length, (System.nanoTime() - startNanos) / 1_000_000,
                        decoded.result(), decoded.frames().size(), decoded.audioPcm().length, scan.stats());
            }
            return decoded;
        } finally {
            try {
                grabber.release(); // frees javacv's codec contexts, AVIO buffer and AVFormatContext
            } catch (Exception e) {
                LOG.warn("could not release FFmpegFrameGrabber", e);
            }
        }
    }

    /** One probe's decode loop; owns its packet, frame and decoder contexts. */
    private final class Scan {
        private final AVFormatContext oc;
        private final int videoIndex;
        private final DeadlineInputStream in;
        private final boolean media;

        private int frames;
        private int width;
        private int height;
        private int corruptFrames;
        private int corruptPackets;
        private int videoErrors;
        private int readError;
        private int framesBeforeFirstError = -1;
        private long[] timestamps = new long[256];
        private int timestampCount;
        private long lastFrameDuration;
        private boolean audioDecoded;
        private long audioEndMicros = Long.MIN_VALUE;
        private long durationMicros;
        // Compact media, only when asked for: the sampler, the resampler and the audio stream it takes.
        private FrameSampler sampler;
        private AudioResampler resampler;
        private int pcmIndex = -1;
        private long firstVideoMicros = Long.MIN_VALUE;
        private long lastVideoMicros = Long.MIN_VALUE;
        private final long maxSpanMicros;

        Scan(AVFormatContext oc, int videoIndex, DeadlineInputStream in, boolean media, long maxSpanMicros) {
            this.maxSpanMicros = maxSpanMicros;
            this.oc = oc;
            this.videoIndex = videoIndex;
            this.in = in;
            this.media = media;
        }

        Decoded run() throws UnsupportedMediaException {
            int streams = oc.nb_streams();
            if (videoIndex < 0 || videoIndex >= streams) {
                throw new UnsupportedMediaException("no video stream");
            }
            AVStream videoStream = oc.streams(videoIndex);
            AVCodecParameters par = videoStream.codecpar();
            if ((long) par.width() * par.height() > MAX_PIXELS) {
                throw new UnsupportedMediaException(
                        "video frame size " + par.width() + "x" + par.height() + " is too large");
            }
            AVCodecContext[] audio = new AVCodecContext[streams];
            AVCodecContext videoDecoder = null;
            AVPacket pkt = null;
            AVFrame frame = null;
            int rotation = FrameSampler.displayRotation(videoStream);
            try {
                videoDecoder = openDecoder(videoStream, true, !media);
                boolean anyAudio = false;
                for (int i = 0; i < streams; i++) {
                    AVStream st = oc.streams(i);
                    int type = st.codecpar().codec_type();
                    if (i != videoIndex && type == AVMEDIA_TYPE_AUDIO) {
                        try {
                            audio[i] = openDecoder(st, false, false);
                            anyAudio = true;
                        } catch (UnsupportedMediaException e) {
                            LOG.debug("audio stream {} not decodable: {}", i, e.getMessage());
                            st.discard(AVDISCARD_ALL);
                        }
                    } else if (i != videoIndex) {
                        st.discard(AVDISCARD_ALL); // subtitles, data, extra video: not even demuxed
                    }
                }
                pkt = av_packet_alloc();
                frame = av_frame_alloc();
                if (pkt == null || frame == null) {
                    throw new IllegalStateException("av_packet_alloc/av_frame_alloc failed");
                }
                if (media) {
                    sampler = new FrameSampler(rotation);
                    resampler = new AudioResampler(AudioResampler.maxSamples(
                            Math.min(maxSpanMicros, MAX_UNBOUNDED_AUDIO_MICROS)));
                }
                int eagain = 0;
                while (true) {
                    in.checkDeadline(maxDecodeTime);
                    int ret = av_read_frame(oc, pkt);
                    if (ret == AVERROR_EAGAIN()) {
                        if (++eagain > 1000) {
                            throw new UnsupportedMediaException("demuxer keeps returning EAGAIN");
                        }
                        continue;
                    }
                    if (ret < 0) {
                        if (ret != AVERROR_EOF()) {
                            readError = ret;
                        }
                        break;
                    }
                    try {
                        int index = pkt.stream_index();
                        if (index == videoIndex) {
                            if ((pkt.flags() & AV_PKT_FLAG_CORRUPT) != 0) {
                                corruptPackets++;
                                noteError();
                            }
                            decodeVideo(videoDecoder, pkt, frame);
                        } else if (index >= 0 && index < streams && audio[index] != null) {
                            AVStream st = oc.streams(index);
                            if (pkt.pts() != AV_NOPTS_VALUE) {
                                long end = toMicros(pkt.pts() + Math.max(0, pkt.duration()), st.time_base());
                                audioEndMicros = Math.max(audioEndMicros, end);
                            }
                            if (!audioDecoded || (index == pcmIndex && !resampler.stopped())) {
                                decodeAudio(index, audio[index], pkt, frame);
                            }
                        }
                    } finally {
                        av_packet_unref(pkt);
                    }
                }
                in.checkDeadline(maxDecodeTime);
                decodeVideo(videoDecoder, null, frame); // drain delayed frames
                for (int i = 0; i < streams && anyAudio; i++) {
                    if (audio[i] != null && (!audioDecoded || i == pcmIndex)) {
                        decodeAudio(i, audio[i], null, frame);
                    }
                }
                Result result = verdict(videoStream);
                if (!media) {
                    return new Decoded(result, rotation, List.of(), new byte[0]);
                }
                resampler.flush();
                return new Decoded(result, rotation, List.copyOf(sampler.frames()),
                        resampler.pcm(firstVideoMicros, durationMicros));
            } finally {
                if (sampler != null) {
                    sampler.close();
                }
                if (resampler != null) {
                    resampler.close();
                }
                if (frame != null) {
                    av_frame_free(frame);
                }
                if (pkt != null) {
                    av_packet_free(pkt);
                }
                if (videoDecoder != null) {
                    avcodec_free_context(videoDecoder);
                }
                for (AVCodecContext c : audio) {
                    if (c != null) {
                        avcodec_free_context(c);
                    }
                }
            }
        }

        private void decodeVideo(AVCodecContext c, AVPacket pkt, AVFrame frame)
                throws UnsupportedMediaException {
            int ret = avcodec_send_packet(c, pkt);
            if (ret < 0 && ret != AVERROR_EAGAIN() && ret != AVERROR_EOF()) {
                videoErrors++;
                noteError();
            }
            while (true) {
                ret = avcodec_receive_frame(c, frame);
                if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF()) {
                    return;
                }
                if (ret < 0) {
                    videoErrors++;
                    noteError();
                    return;
                }
                try {
                    onVideoFrame(frame);
                } finally {
                    av_frame_unref(frame);
                }
                in.checkDeadline(maxDecodeTime);
            }
        }

        private void onVideoFrame(AVFrame frame) throws UnsupportedMediaException {
            if (++frames > maxFrames) {
                throw new UnsupportedMediaException("video has more than " + maxFrames + " frames");
            }
            if (frames == 1) {
                width = frame.width();
                height = frame.height();
            }
            if ((frame.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
                corruptFrames++;
                noteError();
            }
            long ts = frame.best_effort_timestamp();
            if (ts != AV_NOPTS_VALUE) {
                if (timestampCount == timestamps.length) {
                    timestamps = Arrays.copyOf(timestamps, timestamps.length * 2);
                }
                timestamps[timestampCount++] = ts;
            }
            if (frame.duration() > 0) {
                lastFrameDuration = frame.duration();
            }
            if (sampler != null) {
                AVStream st = oc.streams(videoIndex);
                long micros;
                if (ts != AV_NOPTS_VALUE) {
                    micros = toMicros(ts, st.time_base());
                } else { // no timestamp (raw streams): one frame after the previous
                    micros = lastVideoMicros == Long.MIN_VALUE ? 0
                            : lastVideoMicros + toMicros(frameDuration(st), st.time_base());
                }
                if (firstVideoMicros == Long.MIN_VALUE) {
                    firstVideoMicros = micros;
                }
                lastVideoMicros = Math.max(lastVideoMicros, micros);
                if (micros - firstVideoMicros > maxSpanMicros) {
                    throw new DurationExceededException("video runs past " + maxSpanMicros / 1000 + " ms");
                }
                sampler.offer(frame, micros);
                if (sampler.bytes() > MAX_SAMPLED_BYTES) {
                    throw new UnsupportedMediaException("sampled frames exceed " + MAX_SAMPLED_BYTES + " bytes of JPEG");
                }
            }
        }

        private void noteError() {
            if (framesBeforeFirstError < 0) {
                framesBeforeFirstError = frames;
            }
        }

        /**
         * Decodes one audio packet (null: drains). The first stream to yield a good frame proves
         * the audio; when media are collected, that stream is also the one resampled to PCM.
         */
        private void decodeAudio(int index, AVCodecContext c, AVPacket pkt, AVFrame frame)
                throws UnsupportedMediaException {
            if (avcodec_send_packet(c, pkt) < 0) {
                return;
            }
            while (avcodec_receive_frame(c, frame) >= 0) {
                try {
                    if (frame.nb_samples() > 0 && frame.decode_error_flags() == 0
                            && (frame.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) == 0 && !audioDecoded) {
                        audioDecoded = true;
                        if (resampler != null) {
                            pcmIndex = index;
                        }
                    }
                    if (index == pcmIndex) {
                        long ts = frame.best_effort_timestamp();
                        resampler.add(frame, ts == AV_NOPTS_VALUE ? Long.MIN_VALUE
                                : toMicros(ts, oc.streams(index).time_base()), lastVideoMicros);
                    }
                } finally {
                    av_frame_unref(frame);
                }
            }
        }

        private Result verdict(AVStream videoStream) throws UnsupportedMediaException {
            if (frames == 0) {
                throw new UnsupportedMediaException("no decodable video frame" + errorSummary());
            }
            if (videoErrors > 0 || corruptFrames > 0 || corruptPackets > 0 || readError != 0) {
                throw new UnsupportedMediaException("video is damaged or truncated" + errorSummary());
            }
            AVRational tb = videoStream.time_base();
            long frameDuration = frameDuration(videoStream);
            long span;
            if (timestampCount >= 2) {
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (int i = 0; i < timestampCount; i++) {
                    min = Math.min(min, timestamps[i]);
                    max = Math.max(max, timestamps[i]);
                }
                span = max - min + frameDuration;
            } else {
                span = (long) frames * frameDuration;
            }
            durationMicros = toMicros(span, tb);
            if (durationMicros <= 0) {
                throw new UnsupportedMediaException("video has no measurable duration");
            }
            checkCoverage(videoStream, durationMicros);
            return new Result(Math.round(durationMicros / 1000.0), audioDecoded, width, height, frames);
        }

        /** One frame's duration in stream time base units. */
        private long frameDuration(AVStream st) {
            if (timestampCount >= 2) {
                long[] deltas = new long[timestampCount - 1];
                int n = 0;
                for (int i = 1; i < timestampCount; i++) {
                    long d = timestamps[i] - timestamps[i - 1];
                    if (d > 0) {
                        deltas[n++] = d;
                    }
                }
                if (n > 0) {
                    Arrays.sort(deltas, 0, n);
                    return deltas[n / 2];
                }
            }
            if (lastFrameDuration > 0) {
                return lastFrameDuration;
            }
            AVRational rate = st.avg_frame_rate().num() > 0 ? st.avg_frame_rate() : st.r_frame_rate();
            AVRational tb = st.time_base();
            if (rate.num() > 0 && rate.den() > 0 && tb.num() > 0) {
                // (1 / rate) seconds in units of tb
                return Math.max(1, Math.round((double) rate.den() * tb.den() / ((double) rate.num() * tb.num())));
            }
            return 0;
        }

        /** Refuses a file whose decoded media cover clearly less than the duration it states. */
        private void checkCoverage(AVStream videoStream, long durationMicros) throws UnsupportedMediaException {
            long stated;
            long covered;
            String what;
            long tagged = taggedDurationMicros(videoStream);
            if (videoStream.duration() != AV_NOPTS_VALUE && videoStream.duration() > 0) {
                stated = toMicros(videoStream.duration(), videoStream.time_base());
                covered = durationMicros;
                what = "video stream header";
            } else if (tagged > 0) {
                stated = tagged;
                covered = durationMicros;
                what = "video track DURATION tag";
            } else if (oc.duration() != AV_NOPTS_VALUE && oc.duration() > 0
                    && oc.duration_estimation_method() == AVFMT_DURATION_FROM_STREAM) {
                // Container duration covers all streams; audio may legitimately outlast the video.
                stated = oc.duration();
                covered = Math.max(durationMicros, audioEndMicros == Long.MIN_VALUE ? 0
                        : audioEndMicros - Math.max(0, oc.start_time() == AV_NOPTS_VALUE ? 0 : oc.start_time()));
                what = "container header";
            } else {
                return; // duration only estimated from timestamps or bitrate: nothing stated to compare
            }
            if (covered < stated * MIN_HEADER_COVERAGE) {
                throw new UnsupportedMediaException(String.format(
                        "video is truncated: decoded %d ms of the %d ms its %s states",
                        covered / 1000, stated / 1000, what));
            }
        }

        private String errorSummary() {
            StringBuilder sb = new StringBuilder();
            sb.append(" (").append(frames).append(" frames decoded");
            if (videoErrors > 0) {
                sb.append(", ").append(videoErrors).append(" decoder errors");
            }
            if (corruptFrames > 0) {
                sb.append(", ").append(corruptFrames).append(" corrupt frames");
            }
            if (corruptPackets > 0) {
                sb.append(", ").append(corruptPackets).append(" corrupt packets");
            }
            if (readError != 0) {
                sb.append(", read error: ").append(errorText(readError));
            }
            if (framesBeforeFirstError >= 0) {
                sb.append(", first error after frame ").append(framesBeforeFirstError);
            }
            return sb.append(')').toString();
        }

        String stats() {
            return "frames=" + frames + " ts=" + timestampCount + " videoErrors=" + videoErrors
                    + " corruptFrames=" + corruptFrames + " corruptPackets=" + corruptPackets
                    + " readError=" + readError + " firstErrorAt=" + framesBeforeFirstError
                    + " streamDuration=" + oc.streams(videoIndex).duration()
                    + " ocDuration=" + oc.duration() + " method=" + oc.duration_estimation_method()
                    + " audioEnd=" + audioEndMicros;
        }
    }

    private static AVCodecContext openDecoder(AVStream st, boolean video, boolean skipLoopFilter)
            throws UnsupportedMediaException {
        AVCodecParameters par = st.codecpar();
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        String kind = video ? "video" : "audio";
        if (codec == null) {
            throw new UnsupportedMediaException("no " + kind + " decoder for codec "
                    + avcodec_get_name(par.codec_id()).getString(StandardCharsets.US_ASCII));
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        if (c == null) {
            throw new IllegalStateException("avcodec_alloc_context3 failed");
        }
        boolean opened = false;
        try {
            int ret = avcodec_parameters_to_context(c, par);
            if (ret < 0) {
                throw new UnsupportedMediaException("bad " + kind + " stream parameters: " + errorText(ret));
            }
            c.pkt_timebase(st.time_base());
            c.thread_count(1);
            if (video) {
                c.max_pixels(MAX_PIXELS);
            }
            if (skipLoopFilter) {
                c.skip_loop_filter(AVDISCARD_ALL);
            }
            ret = avcodec_open2(c, codec, (AVDictionary) null);
            if (ret < 0) {
                throw new UnsupportedMediaException("cannot open " + kind + " decoder "
                        + codec.name().getString(StandardCharsets.US_ASCII) + ": " + errorText(ret));
            }
            opened = true;
            return c;
        } finally {
            if (!opened) {
                avcodec_free_context(c);
            }
        }
    }

    /**
     * The per-track {@code DURATION} tag FFmpeg's Matroska/WebM muxer writes ("HH:MM:SS.nnnnnnnnn"),
     * or 0. Used in preference to the segment duration, which covers all tracks and can overstate
     * the video (e.g. when the muxer counted flushed-but-empty audio packets).
     */
    private static long taggedDurationMicros(AVStream st) {
        AVDictionaryEntry e = av_dict_get(st.metadata(), "DURATION", null, 0);
        if (e == null || e.value() == null) {
            return 0;
        }
        String[] hms = e.value().getString(StandardCharsets.US_ASCII).trim().split(":");
        try {
            if (hms.length == 3) {
                double seconds = Long.parseLong(hms[0]) * 3600.0 + Long.parseLong(hms[1]) * 60.0
                        + Double.parseDouble(hms[2]);
                return Math.round(seconds * 1_000_000);
            }
        } catch (NumberFormatException ignored) {
            // not the tag we know
        }
        return 0;
    }

    /** javacv's exception text without its hints that make no sense here. */
    private static String javacvMessage(Exception e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Did not find a video or audio stream")) {
            return "no video stream";
        }
        return m.replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "")
                .replace("Could not open input \"in-memory-video\".", "could not open or identify the container.")
                .trim();
    }

    private static long toMicros(long value, AVRational tb) {
        return Math.round(value * 1_000_000.0 * tb.num() / tb.den());
    }

    static String errorText(int code) {
        byte[] buf = new byte[256];
        if (av_strerror(code, buf, buf.length) < 0) {
            return "error " + code;
        }
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return new String(buf, 0, len, StandardCharsets.US_ASCII) + " (" + code + ")";
    }

    /** Structural check of ISO base media files (MP4, MOV, 3GP): the top-level boxes. */
    static final class IsoBmff {
        private IsoBmff() {}

        /**
         * Walks the top-level boxes and returns why the file is cut short, or null when every box
         * lies inside it. A truncated MP4 is otherwise partly readable: the demuxer silently drops
         * a track whose {@code trak} box was cut (the audio, typically, when {@code moov} is at the
         * end) or the last fragment of a fragmented file.
         */
        static String truncation(byte[] data) {
            long length = data.length;
            long pos = 0;
            while (length - pos >= 8) {
                long size = readUnsigned(data, (int) pos, 4);
                String type = new String(data, (int) pos + 4, 4, StandardCharsets.ISO_8859_1);
                long header = 8;
                if (size == 1) {
                    if (length - pos < 16) {
                        return "box '" + type + "' header is cut at offset " + pos;
                    }
                    size = readUnsigned(data, (int) pos + 8, 8);
                    header = 16;
                } else if (size == 0) {
                    return null; // last box, extends to the end of the file
                }
                if (size < header) {
                    return "invalid size " + size + " of box '" + type + "' at offset " + pos;
                }
                if (size > length - pos) {
                    return "box '" + type + "' at offset " + pos + " needs " + size + " bytes, only "
                            + (length - pos) + " present";
                }
                pos += size;
            }
            return null; // fewer than 8 bytes of padding may follow the last box
        }

        private static long readUnsigned(byte[] b, int off, int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (b[off + i] & 0xFF);
            }
            return v < 0 ? Long.MAX_VALUE : v;
        }
    }

    /**
     * The upload as the stream javacv reads through its AVIO callback. Past the deadline it reports
     * end of file, so FFmpeg stops even inside one long native call such as the container probe.
     */
    private static final class DeadlineInputStream extends ByteArrayInputStream {
        private final long deadlineNanos;
        private volatile boolean expired;

        DeadlineInputStream(byte[] data, long deadlineNanos) {
            super(data);
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (System.nanoTime() - deadlineNanos > 0) {
                expired = true;
                return -1;
            }
            return super.read(b, off, len);
        }

        void checkDeadline(Duration limit) throws UnsupportedMediaException {
            if (expired || System.nanoTime() - deadlineNanos > 0) {
                throw new UnsupportedMediaException("video could not be checked within " + limit.toMillis() + " ms");
            }
        }

        /** FFmpeg also sees this as the input's "file name"; no extension, so it cannot bias probing. */
        @Override
        public String toString() {
            return "in-memory-video";
        }
    }
}
