package org.jwsgi.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A horizontal bar chart written as a PNG with Java2D, headless: one bar per server, its value
 * written at its end. No gnuplot, no chart library.
 *
 * <pre>{@code
 * BarChart.write("hello: req/s", "orange: jwsgi",
 *         List.of(new BarChart.Bar("builtin", 108_123, "108,123 (1.00×)", true)), Path.of("hello.png"));
 * }</pre>
 *
 * <p>The image is {@link #WIDTH} wide and {@link #height(int)} high; a bar whose value is NaN
 * (a failed server) is drawn as its text alone ("failed").
 */
final class BarChart {

    static final int WIDTH = 900;
    static final int TOP = 52;
    static final int ROW = 34;
    static final int BOTTOM = 20;
    private static final int LABEL_WIDTH = 150;
    private static final int VALUE_WIDTH = 170;
    private static final Color BAR = new Color(0x4C, 0x72, 0xB0);
    private static final Color HIGHLIGHT = new Color(0xDD, 0x84, 0x52);

    /**
     * @param label the server
     * @param value the bar's length, NaN for none
     * @param text written at the bar's end
     * @param highlighted drawn in the second colour (jwsgi's own servers)
     */
    record Bar(String label, double value, String text, boolean highlighted) {

        Bar {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(text, "text");
        }
    }

    private BarChart() {
    }

    /** The image height for {@code bars} bars. */
    static int height(int bars) {
        return TOP + ROW * Math.max(1, bars) + BOTTOM;
    }

    /** Draws the chart, a title and a line of legend under it, and writes it to {@code file} as a PNG. */
    static void write(String title, String legend, List<Bar> bars, Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, height(bars.size()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, 10, 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.DARK_GRAY);
            g.drawString(legend, 10, 40);
            draw(g, bars);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    private static void draw(Graphics2D g, List<Bar> bars) {
        double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(0);
        int span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = TOP + i * ROW;
            int baseline = y + (ROW + fm.getAscent() - fm.getDescent()) / 2;
            g.setColor(Color.BLACK);
            g.drawString(bar.label(), LABEL_WIDTH - 10 - fm.stringWidth(bar.label()), baseline);
            int length = max > 0 && Double.isFinite(bar.value()) ? (int) Math.round(span * bar.value() / max) : 0;
            if (length > 0) {
                g.setColor(bar.highlighted() ? HIGHLIGHT : BAR);
                g.fillRect(LABEL_WIDTH, y + 6, length, ROW - 12);
            }
            g.setColor(Color.BLACK);
            g.drawString(bar.text(), LABEL_WIDTH + length + 8, baseline);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawLine(LABEL_WIDTH, TOP, LABEL_WIDTH, TOP + ROW * bars.size());
    }
}
