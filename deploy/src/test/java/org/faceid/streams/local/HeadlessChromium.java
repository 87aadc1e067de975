package org.faceid.streams.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromium-driver (deploy/install-browser.sh), driven by Selenium without
 * Selenium Manager: both paths are given, so nothing is looked up or downloaded.
 */
final class HeadlessChromium {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Why the browser cannot run here, or null when it can. */
  static String unavailable() {
    for (Path p : List.of(BROWSER, DRIVER)) {
      if (!Files.isExecutable(p)) {
        return p + " is not installed (deploy/install-browser.sh installs Debian's chromium and chromium-driver as root)";
      }
    }
    return null;
  }

  /**
   * A phone-sized headless Chromium whose camera and microphone play {@code y4m} and {@code wav}.
   * As root it needs --no-sandbox; the background-networking flags keep it from calling out of a
   * closed network, and a fresh profile keeps every run alike.
   */
  static ChromeDriver start(Path profile, Path y4m, Path wav) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile,
        "--window-size=412,915",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--use-file-for-fake-video-capture=" + y4m, "--use-file-for-fake-audio-capture=" + wav,
        "--autoplay-policy=no-user-gesture-required");
    // A phone's viewport (390 x 844 CSS px), at one device pixel per CSS pixel so that screenshot
    // pixels and element boxes share coordinates.
    options.setExperimentalOption("mobileEmulation",
        Map.of("deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 1.0)));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
