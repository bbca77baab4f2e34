package io.egressallowlist.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Command-line options shared by the benchmarks.
 *
 * @param warmup runs per case before measuring (JIT, connection pools, dynalite's caches)
 * @param runs   measured runs per case
 * @param sizes  list sizes for {@code reconcile-scale}
 * @param seed   seed of the generated target names
 */
record Options(int warmup, int runs, List<Integer> sizes, long seed) {

    static final List<Integer> DEFAULT_SIZES = List.of(100, 1_000, 5_000, 10_000, 15_000);

    static Options parse(List<String> args) {
        int warmup = 3;
        int runs = 10;
        List<Integer> sizes = DEFAULT_SIZES;
        long seed = 20261120L;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args.get(++i);
            switch (flag) {
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--sizes" -> sizes = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("--warmup must be >= 0 and --runs >= 1");
        }
        return new Options(warmup, runs, sizes, seed);
    }
}
