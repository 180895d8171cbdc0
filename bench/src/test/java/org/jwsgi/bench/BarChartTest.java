package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void writesAPngOfTheDocumentedSize() throws IOException {
        Path png = dir.resolve("hello.png");

        BarChart.write("hello", "legend", List.of(new BarChart.Bar("builtin", 100, "100 req/s", true),
                new BarChart.Bar("jetty-core", 50, "50 req/s", false),
                new BarChart.Bar("tomcat-bridge", Double.NaN, "failed", true)), png);

        try (InputStream in = Files.newInputStream(png)) {
            byte[] magic = in.readNBytes(8);
            assertThat(magic).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(BarChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(BarChart.height(3)).isEqualTo(BarChart.TOP + 3 * BarChart.ROW
                + BarChart.BOTTOM);
    }

    @Test
    void barLengthsAreProportionalToTheValues() throws IOException {
        Path png = dir.resolve("bars.png");
        BarChart.write("t", "l", List.of(new BarChart.Bar("a", 100, "", false), new BarChart.Bar("b", 50, "", false),
                new BarChart.Bar("c", Double.NaN, "failed", false)), png);
        BufferedImage image = ImageIO.read(png.toFile());

        int a = barLength(image, 0);
        int b = barLength(image, 1);

        assertThat(a).isGreaterThan(300);
        assertThat((double) b / a).isBetween(0.48, 0.52);
        assertThat(barLength(image, 2)).as("no bar for a failed server").isZero();
    }

    /** Coloured (non-grey) pixels along the middle of bar {@code i}. */
    private static int barLength(BufferedImage image, int i) {
        int y = BarChart.TOP + i * BarChart.ROW + BarChart.ROW / 2;
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            int rgb = image.getRGB(x, y);
            int r = (rgb >> 16) & 0xff;
            int g = (rgb >> 8) & 0xff;
            int bl = rgb & 0xff;
            if (Math.max(r, Math.max(g, bl)) - Math.min(r, Math.min(g, bl)) > 60) {
                n++;
            }
        }
        return n;
    }
}
