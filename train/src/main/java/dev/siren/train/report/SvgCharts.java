package dev.siren.train.report;

import java.util.Locale;

/** Small hand-written SVG charts for the training and evaluation reports (no plotting dependency). */
public final class SvgCharts {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int LEFT = 60, RIGHT = 20, TOP = 40, BOTTOM = 50;

    private SvgCharts() {
    }

    /**
     * Per-layer probe validation F1 (line, left axis) and layer weight alpha (bars, right axis, 0-1).
     */
    public static String layerF1(String title, double[] f1, double[] alpha) {
        int n = f1.length;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : f1) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double lo = Math.max(0, Math.floor((min - 0.02) * 50) / 50);
        double hi = Math.min(1, Math.ceil((max + 0.02) * 50) / 50);
        StringBuilder svg = header(title);
        double plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        double slot = plotW / n;
        for (int l = 0; l < n; l++) {
            double h = alpha[l] * plotH;
            svg.append(rect(LEFT + l * slot + slot * 0.2, TOP + plotH - h, slot * 0.6, h, "#c6dbef"));
            svg.append(text(LEFT + (l + 0.5) * slot, HEIGHT - BOTTOM + 16, String.valueOf(l), "middle", 11));
        }
        StringBuilder points = new StringBuilder();
        for (int l = 0; l < n; l++) {
            double x = LEFT + (l + 0.5) * slot;
            double y = TOP + plotH * (1 - (f1[l] - lo) / (hi - lo));
            points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"#08519c\"/>%n", fmt(x), fmt(y)));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" points=\"").append(points.toString().strip())
                .append("\"/>\n");
        for (int k = 0; k <= 4; k++) {
            double v = lo + (hi - lo) * k / 4;
            double y = TOP + plotH * (1 - k / 4.0);
            svg.append(line(LEFT - 4, y, LEFT, y));
            svg.append(text(LEFT - 8, y + 4, String.format(Locale.ROOT, "%.3f", v), "end", 11));
            svg.append(text(WIDTH - RIGHT + 2, y + 4, String.format(Locale.ROOT, "%.2f", k / 4.0), "start", 9));
        }
        svg.append(axes());
        svg.append(text(LEFT + plotW / 2, HEIGHT - 12, "layer (line: probe validation macro-F1; bars: alpha, right scale)", "middle", 12));
        return svg.append("</svg>\n").toString();
    }

    /** Histogram of scores in [0, 1] by class (benign and harmful bars side by side), with the threshold marked. */
    public static String scoreHistogram(String title, double[] scores, int[] labels, double threshold, int bins) {
        int[][] counts = new int[2][bins];
        for (int i = 0; i < scores.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) (scores[i] * bins)));
            counts[labels[i] == 1 ? 1 : 0][b]++;
        }
        int max = 1;
        for (int[] c : counts) for (int v : c) max = Math.max(max, v);
        StringBuilder svg = header(title);
        double plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        double slot = plotW / bins;
        String[] colours = {"#74c476", "#de2d26"};
        for (int cls = 0; cls < 2; cls++) {
            for (int b = 0; b < bins; b++) {
                double h = plotH * Math.sqrt((double) counts[cls][b] / max);
                svg.append(rect(LEFT + b * slot + cls * slot / 2, TOP + plotH - h, slot / 2, h, colours[cls]));
            }
        }
        double tx = LEFT + threshold * plotW;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%s\" stroke=\"black\" stroke-dasharray=\"4 3\"/>%n",
                fmt(tx), TOP, fmt(tx), fmt(TOP + plotH)));
        for (int k = 0; k <= 4; k++) {
            double x = LEFT + plotW * k / 4;
            svg.append(text(x, HEIGHT - BOTTOM + 16, String.format(Locale.ROOT, "%.2f", k / 4.0), "middle", 11));
        }
        svg.append(text(LEFT - 8, TOP + 4, String.valueOf(max), "end", 11));
        svg.append(text(LEFT - 8, TOP + plotH + 4, "0", "end", 11));
        svg.append(axes());
        svg.append(text(LEFT + plotW / 2, HEIGHT - 12, "score (green: benign rows, red: harmful rows; height: sqrt(count); dashed: threshold)", "middle", 12));
        return svg.append("</svg>\n").toString();
    }

    /**
     * Mean score after each chunk of streamed answers, harmful (red) and benign (green), from point 0 (the prompt
     * alone) on, with the threshold dashed. The curves may differ in length; an empty one is not drawn.
     */
    public static String streamingCurves(String title, double[] harmful, double[] benign, double[] refusals,
                                         double threshold) {
        int points = Math.max(2, Math.max(refusals.length, Math.max(harmful.length, benign.length)));
        double plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = header(title);
        double ty = TOP + plotH * (1 - threshold);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"black\" stroke-dasharray=\"4 3\"/>%n",
                LEFT, fmt(ty), fmt(LEFT + plotW), fmt(ty)));
        String[] colours = {"#74c476", "#de2d26", "#3182bd"};
        double[][] curves = {benign, harmful, refusals};
        for (int c = 0; c < curves.length; c++) {
            if (curves[c].length == 0) continue;
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < curves[c].length; k++) {
                line.append(fmt(LEFT + plotW * k / (points - 1))).append(',')
                        .append(fmt(TOP + plotH * (1 - curves[c][k]))).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colours[c]).append("\" stroke-width=\"2\" points=\"")
                    .append(line.toString().strip()).append("\"/>\n");
        }
        for (int k = 0; k <= 4; k++) {
            double y = TOP + plotH * (1 - k / 4.0);
            svg.append(text(LEFT - 8, y + 4, String.format(Locale.ROOT, "%.2f", k / 4.0), "end", 11));
            int chunk = Math.round((points - 1) * k / 4f);
            svg.append(text(LEFT + plotW * chunk / (points - 1), HEIGHT - BOTTOM + 16, String.valueOf(chunk), "middle", 11));
        }
        svg.append(axes());
        svg.append(text(LEFT + plotW / 2, HEIGHT - 12, "chunks received (0: prompt alone); mean score, red: harmful answers, green: benign, blue: refusals; dashed: threshold", "middle", 11));
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder header(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(WIDTH / 2.0, 24, title, "middle", 15));
        return svg;
    }

    private static String axes() {
        return line(LEFT, TOP, LEFT, HEIGHT - BOTTOM) + line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
    }

    private static String rect(double x, double y, double w, double h, String fill) {
        return String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>%n",
                fmt(x), fmt(y), fmt(w), fmt(h), fill);
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"black\"/>%n",
                fmt(x1), fmt(y1), fmt(x2), fmt(y2));
    }

    private static String text(double x, double y, String s, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                fmt(x), fmt(y), anchor, size, escape(s));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
