package io.egressallowlist.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Median, minimum and maximum of one figure over the measured runs. */
record Stats(double median, double min, double max) {

    static <T> Stats of(List<T> samples, ToDoubleFunction<T> figure) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Double> values = new ArrayList<>();
        samples.forEach(sample -> values.add(figure.applyAsDouble(sample)));
        Collections.sort(values);
        int middle = values.size() / 2;
        double median = values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
        return new Stats(median, values.get(0), values.get(values.size() - 1));
    }

    /**
     * The nearest-rank {@code p}th percentile of {@code sorted} (ascending, not empty): the smallest value with at
     * least p% of them at or below it.
     */
    static long percentile(long[] sorted, double p) {
        int at = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }

    /** "412.3 [398.0–431.9]" with the given number of decimals. */
    String format(int decimals) {
        String number = "%,." + decimals + "f";
        return String.format(number + " [" + number + "\u2013" + number + "]", median, min, max);
    }

    Map<String, Double> toJson(int decimals) {
        Map<String, Double> json = new LinkedHashMap<>();
        json.put("median", round(median, decimals));
        json.put("min", round(min, decimals));
        json.put("max", round(max, decimals));
        return json;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
