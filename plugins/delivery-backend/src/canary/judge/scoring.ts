import {
  CanaryJudgeConfig,
  CanaryJudgement,
  GroupScore,
  MetricJudgement,
} from './types';

/**
 * Kayenta's WeightedSumScorer: a group's score is the share of its decided
 * metrics that passed; the release's score is the weighted sum of group
 * scores, groups without a weight sharing what the weights leave of 100.
 */
export function groupScores(metrics: readonly MetricJudgement[]): GroupScore[] {
  const byGroup = new Map<string, MetricJudgement[]>();
  for (const m of metrics)
    byGroup.set(m.group, [...(byGroup.get(m.group) ?? []), m]);
  return [...byGroup.entries()].map(([group, members]) => {
    const decided = members.filter(m => m.classification !== 'NoData');
    const passed = decided.filter(m => m.classification === 'Pass').length;
    return {
      group,
      score: decided.length === 0 ? 0 : (passed / decided.length) * 100,
      noData: decided.length === 0,
    };
  });
}

export function summaryScore(
  groups: readonly GroupScore[],
  weights: Record<string, number> = {},
): number {
  const weighted = Object.values(weights).reduce((a, b) => a + b, 0);
  const unweighted = groups.filter(g => weights[g.group] === undefined);
  const shared =
    unweighted.length > 0 ? (100 - weighted) / unweighted.length : 0;
  // Kayenta scores a group with no data as 100; here its weight goes to the
  // groups that have data, and the verdict guard keeps such a release from
  // passing.
  const withData = groups.filter(g => !g.noData);
  const totalWeight = withData.reduce(
    (s, g) => s + (weights[g.group] ?? shared),
    0,
  );
  if (totalWeight <= 0) return 0;
  const score =
    withData.reduce((s, g) => s + g.score * (weights[g.group] ?? shared), 0) /
    totalWeight;
  return Math.round(score * 100) / 100;
}

/**
 * The verdict: a critical metric that is High or Low fails the release with
 * score 0 (Kayenta); a score below the marginal threshold fails it. Otherwise
 * missing or thin data on any metric that must have data — or on all
 * metrics — makes it Inconclusive, never Pass. Then Pass or Marginal by the
 * thresholds.
 */
export function verdictOf(
  metrics: readonly MetricJudgement[],
  config: CanaryJudgeConfig,
): CanaryJudgement {
  const groups = groupScores(metrics);
  const criticalFailure = metrics.find(
    m =>
      m.critical && (m.classification === 'High' || m.classification === 'Low'),
  );
  if (criticalFailure) {
    return {
      verdict: 'Fail',
      score: 0,
      reason: `critical metric ${criticalFailure.name} is ${criticalFailure.classification}: ${criticalFailure.reason}`,
      metrics: [...metrics],
      groups,
    };
  }
  const score = summaryScore(groups, config.groupWeights);
  const failing = metrics.filter(
    m => m.classification === 'High' || m.classification === 'Low',
  );
  const missing = metrics.filter(m => m.classification === 'NoData');
  if (metrics.length === 0 || missing.length === metrics.length) {
    return {
      verdict: 'Inconclusive',
      score,
      reason:
        metrics.length === 0
          ? 'no canary metrics are declared'
          : 'no metric has enough data yet',
      metrics: [...metrics],
      groups,
    };
  }
  if (score < config.marginalThreshold) {
    return {
      verdict: 'Fail',
      score,
      reason: `score ${score} is below ${config.marginalThreshold}; ${failing
        .map(m => `${m.name} is ${m.classification}`)
        .join(', ')}`,
      metrics: [...metrics],
      groups,
    };
  }
  const blocking = missing.filter(m => m.critical || m.mustHaveData);
  if (blocking.length > 0) {
    return {
      verdict: 'Inconclusive',
      score,
      reason: blocking.map(m => `${m.name}: ${m.reason}`).join('; '),
      metrics: [...metrics],
      groups,
    };
  }
  const verdict = score >= config.passThreshold ? 'Pass' : 'Marginal';
  return {
    verdict,
    score,
    reason:
      verdict === 'Pass'
        ? `score ${score} reaches ${config.passThreshold}`
        : `score ${score} is below ${config.passThreshold}; ${failing
            .map(m => `${m.name} is ${m.classification}`)
            .join(', ')}`,
    metrics: [...metrics],
    groups,
  };
}
