package org.faceid.streams.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --out} file: one JSON line per finished case, and the record of what is finished.
 *
 * <p>Exactly once per id, across kills: a line is written whole (one write of line and newline) and
 * forced to disk before the case counts as done, so a finished case is never run again. A run
 * killed mid-write leaves at most an unterminated tail, which the next run cuts off before it appends
 * (that case was not finished, and is run again). Ids found in the file are skipped. The file is
 * locked while a run writes it, so a second run on the same file refuses to start.
 */
final class OutFile implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileChannel channel;
  private final Map<String, JsonNode> done;
  /** Set when a failed write could not be taken back: the file ends in part of a line. */
  private IOException broken;

  private OutFile(FileChannel channel, Map<String, JsonNode> done) {
    this.channel = channel;
    this.done = done;
  }

  /** Opens (or creates) the file, cuts a partial last line, and reads the finished cases. */
  static OutFile open(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      // One writer at a time: two runs appending to one file would both run the cases neither had
      // finished. The lock goes with its process, kill -9 included.
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException("another batch run is writing " + path);
      }
      byte[] bytes = Files.readAllBytes(path);
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      if (end < bytes.length) {
        channel.truncate(end);
        channel.force(true);
      }
      Map<String, JsonNode> done = new LinkedHashMap<>();
      int lineNumber = 0;
      for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          throw new IOException(path + ":" + lineNumber + " is not a JSON line of this tool; not appending to it", e);
        }
        if (!node.hasNonNull("id")) {
          throw new IOException(path + ":" + lineNumber + " has no id; not appending to it");
        }
        done.putIfAbsent(node.get("id").asText(), node);
      }
      channel.position(channel.size());
      return new OutFile(channel, done);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  synchronized boolean finished(String id) {
    return done.containsKey(id);
  }

  /** Every finished case's line, in file order. */
  synchronized List<JsonNode> lines() {
    return new ArrayList<>(done.values());
  }

  /** Appends a finished case's line and forces it to disk; the case is done once this returns. */
  synchronized JsonNode append(Map<String, Object> line) throws IOException {
    JsonNode node = JSON.valueToTree(line);
    String id = node.get("id").asText();
    if (done.containsKey(id)) {
      throw new IllegalStateException("case " + id + " is already in the out file");
    }
    if (broken != null) {
      throw new IOException("an earlier line could not be written nor taken back", broken);
    }
    ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
    long start = channel.position();
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    } catch (IOException e) {
      // A write cut short (a full disk) must not leave half a line for the next one to run into:
      // take it back, or append nothing more.
      try {
        channel.truncate(start);
        channel.position(start);
      } catch (IOException cut) {
        e.addSuppressed(cut);
        broken = e;
      }
      throw e;
    }
    done.put(id, node);
    return node;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
