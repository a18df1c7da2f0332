package io.docchat.bench.cost;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws from a finite Zipf distribution: the question of popularity rank k (1-based) of n is asked with
 * probability proportional to 1 / k^s. Which question gets which rank is a seeded shuffle, so popularity is
 * not tied to the order of the collection's file. Deterministic for a seed.
 *
 * <p>Why s = 1 by default: query frequency in search engine logs follows a Zipf distribution (Xie and
 * O'Hallaron, "Locality in search engine queries and its implications for caching", INFOCOM 2002, on the
 * Excite and Vivisimo traces), and s = 1 is Zipf's law proper. The exponent is an assumption, not a
 * measurement of DocChat traffic: {@link #expectedRepeatShare} gives the repeat share for any exponent and
 * sample size without a run, and the report prints it for 0.8, 1.0 and 1.2.
 */
final class Zipf {

    private final double[] cumulative;
    private final double s;

    Zipf(int n, double s) {
        if (n < 1) {
            throw new IllegalArgumentException("a Zipf distribution needs at least one item");
        }
        this.s = s;
        this.cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, s);
            cumulative[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
    }

    double exponent() {
        return s;
    }

    int size() {
        return cumulative.length;
    }

    /** Probability of rank {@code k} (1-based). */
    double p(int k) {
        return cumulative[k - 1] - (k == 1 ? 0 : cumulative[k - 2]);
    }

    /** {@code draws} item indexes (0-based positions in the caller's list), ranks assigned by a shuffle with {@code seed}. */
    List<Integer> sample(int draws, long seed) {
        Random random = new Random(seed);
        List<Integer> rankToItem = new ArrayList<>();
        for (int i = 0; i < cumulative.length; i++) {
            rankToItem.add(i);
        }
        Collections.shuffle(rankToItem, random);
        List<Integer> out = new ArrayList<>(draws);
        for (int d = 0; d < draws; d++) {
            double u = random.nextDouble();
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out.add(rankToItem.get(lo));
        }
        return out;
    }

    /**
     * The expected share of {@code draws} that repeat an earlier draw: 1 - E[distinct] / draws, with
     * E[distinct] = sum over ranks of 1 - (1 - p_k)^draws. This is the ceiling of what an exact answer cache
     * that never expires can serve.
     */
    double expectedRepeatShare(long draws) {
        double distinct = 0;
        for (int k = 1; k <= cumulative.length; k++) {
            distinct += 1 - Math.pow(1 - p(k), draws);
        }
        return 1 - distinct / draws;
    }
}
