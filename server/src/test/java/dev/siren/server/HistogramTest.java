package dev.siren.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistogramTest {

    @Test
    void bucketsAreCumulativeWithSumAndCount() {
        Histogram h = new Histogram(1, 2, 4);
        for (double v : new double[] {0.5, 1, 1.5, 3, 10}) {
            h.observe(v);
        }
        StringBuilder out = new StringBuilder();
        h.render(out, "x", "route=\"/r\",");
        assertEquals("""
                x_bucket{route="/r",le="1.0"} 2
                x_bucket{route="/r",le="2.0"} 3
                x_bucket{route="/r",le="4.0"} 4
                x_bucket{route="/r",le="+Inf"} 5
                x_sum{route="/r"} 16.0
                x_count{route="/r"} 5
                """, out.toString());
    }

    @Test
    void withoutLabels() {
        Histogram h = new Histogram(1);
        h.observe(3);
        StringBuilder out = new StringBuilder();
        h.render(out, "y", "");
        assertEquals("""
                y_bucket{le="1.0"} 0
                y_bucket{le="+Inf"} 1
                y_sum 3.0
                y_count 1
                """, out.toString());
    }
}
