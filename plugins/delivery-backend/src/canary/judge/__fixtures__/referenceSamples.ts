/*
 * Samples and the values R 4.2.2 (Debian r-base-core 4.2.2.20221110-2)
 * computed for them; the R script is beside this file (reference.R) and was
 * run with `Rscript reference.R`.
 */

/** R's own wilcox.test example (?wilcox.test, "depression" data). */
export const depressionX = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
export const depressionY = [
  0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29,
];

/** Latency in ms per interval: the canary about 6 ms slower, with ties. */
export const slowerStable = [
  101, 98, 103, 99, 100, 102, 97, 100, 104, 99, 101, 100, 98, 102, 103, 100, 99,
  101, 97, 100,
];
export const slowerCanary = [
  108, 104, 110, 103, 107, 106, 109, 105, 104, 111, 107, 106, 108, 103, 105,
  109, 106, 104, 110, 107,
];

/** Same centre, ten times the spread (spinnaker/kayenta#780). */
export const spreadStable = [
  100, 101, 99, 100, 102, 98, 100, 101, 99, 100, 101, 99, 100, 102, 98, 100,
  101, 99, 100, 100,
];
export const spreadCanary = [
  95, 112, 88, 104, 115, 85, 97, 109, 91, 103, 118, 82, 96, 106, 94, 101, 113,
  87, 99, 107,
];

/** Failed requests per interval of 100 requests, sparse (spinnaker/kayenta#426). */
export const sparseStableErrors = [
  0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
];
export const sparseCanaryErrors = [
  0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 0, 0, 3, 0, 0, 1, 0, 2, 0, 3,
];

/** wilcox.test(x, y, conf.int = TRUE, conf.level = 0.98, exact = FALSE, correct = TRUE) */
export const R_WILCOX = {
  depression: {
    W: 58,
    p: 0.132919458185319,
    ci: [-0.559951695263184, 1.23296040830331],
    estimate: 0.560056160835873,
  },
  slower: {
    W: 394.5,
    p: 1.41497646806312e-7,
    ci: [4.99996974124185, 8.00000617334399],
    estimate: 6.00005737480756,
  },
  spreadLocation: {
    p: 1,
    ci: [-6.00004015657936, 6.99997042590887],
    estimate: 0,
  },
  sparseErrors: {
    p: 0.0553148449166325,
    ci: [-4.13197831955436e-5, 0.999977276715651],
    estimate: 1.80634436470035e-5,
  },
};

/** pnorm, qnorm, pbinom(lower.tail = FALSE), lgamma. */
export const R_DISTRIBUTIONS = {
  pnorm: [
    [-6, 9.8658764503769809e-10],
    [-2.5, 0.0062096653257761349],
    [-1, 0.15865525393145705],
    [0.3, 0.61791142218895267],
    [1.96, 0.97500210485177963],
    [4, 0.99996832875816688],
  ],
  qnorm: [
    [0.001, -3.0902323061678132],
    [0.02, -2.0537489106318225],
    [0.5, 0],
    [0.975, 1.9599639845400536],
    [0.99, 2.3263478740408408],
    [0.999999, 4.7534243088170891],
  ],
  /** pbinom(13, 17, 0.5, lower.tail = FALSE) = poisson.test(c(14, 3), c(2000, 2000), alternative = "greater")$p.value */
  binomUpper_14_17_half: 0.0063629150390624983,
  /** pbinom(11, 52, 0.1, lower.tail = FALSE) = poisson.test(c(12, 40), c(1000, 9000), alternative = "greater")$p.value */
  binomUpper_12_52_tenth: 0.0045373437628521869,
  lgamma: [
    [0.5, 0.57236494292470008],
    [3, 0.69314718055994529],
    [10.5, 13.940625219403763],
    [100, 359.1342053695754],
  ],
};
