package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Point;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Each step's screenshot, saved under {@code target/} and checked: the page is drawn (its pixels
 * vary) and an element the step shows is drawn where the DOM places it (dark strokes on the light
 * page inside its box: the luminance spread there is well above a blank area's).
 */
final class Screenshots {

  /** Luminance standard deviation of a drawn page; a blank or single-colour one is near 0. */
  static final double MIN_PAGE_SPREAD = 10;
  /** Inside the box of large text: half its pixels are stroke, half background. */
  static final double MIN_TEXT_SPREAD = 40;

  private final WebDriver driver;
  private final Path dir;
  private int count;

  Screenshots(WebDriver driver, Path dir) throws IOException {
    this.driver = driver;
    this.dir = Files.createDirectories(dir);
  }

  /** Saves the page as {@code NN-name.png} and checks that it is not blank. */
  BufferedImage take(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Path file = dir.resolve(String.format("%02d-%s.png", ++count, name));
    Files.write(file, png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    double spread = spread(image, new Rectangle(new Point(0, 0), new Dimension(image.getWidth(), image.getHeight())));
    System.out.printf("screenshot %s: %dx%d, luminance spread %.1f%n", file, image.getWidth(), image.getHeight(), spread);
    assertThat(spread).as(file + " is blank").isGreaterThan(MIN_PAGE_SPREAD);
    return image;
  }

  /** Checks that {@code element}, whose text is {@code text}, is visibly drawn in {@code image}. */
  void assertDrawn(BufferedImage image, WebElement element, String text) {
    // The box in the viewport, where the screenshot was taken (getRect() is the document's).
    @SuppressWarnings("unchecked")
    Map<String, Number> r = (Map<String, Number>) ((JavascriptExecutor) driver).executeScript(
        "const r = arguments[0].getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height};", element);
    Rectangle box = new Rectangle(new Point(r.get("x").intValue(), r.get("y").intValue()),
        new Dimension(r.get("w").intValue(), r.get("h").intValue()));
    double spread = spread(image, box);
    System.out.printf("'%s' at %s %s: luminance spread %.1f%n", text, box.getPoint(), box.getDimension(), spread);
    assertThat(element.isDisplayed()).as(text + " displayed").isTrue();
    assertThat(box.getY() + box.getHeight()).as(text + " inside the viewport").isLessThanOrEqualTo(image.getHeight());
    assertThat(spread).as("'" + text + "' drawn in its box " + box.getPoint() + " " + box.getDimension()).isGreaterThan(MIN_TEXT_SPREAD);
  }

  /** Standard deviation of the luminance inside {@code box} (clipped to the image). */
  static double spread(BufferedImage image, Rectangle box) {
    int x0 = Math.max(0, box.getX());
    int y0 = Math.max(0, box.getY());
    int x1 = Math.min(image.getWidth(), box.getX() + box.getWidth());
    int y1 = Math.min(image.getHeight(), box.getY() + box.getHeight());
    double sum = 0;
    double squares = 0;
    long n = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int rgb = image.getRGB(x, y);
        double luma = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
        sum += luma;
        squares += luma * luma;
        n++;
      }
    }
    if (n == 0) {
      return 0;
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, squares / n - mean * mean));
  }
}
