import { ScmIntegrationRegistry } from '@backstage/integration';
import { GateCheck, GateContext, GateCheckResult } from '../GateCheck';
import { compareCommits } from '../gitCompare';
import { commitOfImage, sourceRepositoryOf } from '../sourceRepository';

function commitOf(images: string[]): string | undefined {
  for (const image of images) {
    const commit = commitOfImage(image);
    if (commit) return commit;
  }
  return undefined;
}

/**
 * *Change is small*: commits, files and lines between what runs in the
 * environment and the candidate, from the git host's compare API, against
 * the service's limits.
 */
export function changeSizeCheck(options: {
  integrations: ScmIntegrationRegistry;
}): GateCheck {
  return {
    id: 'change-small',
    title: 'Change is small',
    async evaluate(ctx: GateContext): Promise<GateCheckResult> {
      const unknown = (summary: string, evidence: string[] = []) => ({
        state: 'unknown' as const,
        summary,
        evidence,
      });
      if (!ctx.running) {
        return unknown(
          `Nothing runs in ${ctx.environment} yet, so there is no change to measure`,
        );
      }
      const lookup = sourceRepositoryOf(ctx.entity, options.integrations);
      if (!lookup.found) {
        return unknown(`No repository to compare: ${lookup.reason}`);
      }
      const repository = lookup.repository;
      const base = commitOf(ctx.running.images);
      const head = commitOf(ctx.candidate.images);
      if (!base || !head) {
        return unknown(
          'The images are not tagged with the commits they were built from, so the change cannot be measured',
          [
            `running: ${ctx.running.images.join(', ') || 'no image'}`,
            `candidate: ${ctx.candidate.images.join(', ') || 'no image'}`,
          ],
        );
      }
      const size = await compareCommits(repository, base, head);
      const lines = size.additions + size.deletions;
      const { limits } = ctx;
      const over = [
        size.commits > limits.maxCommits &&
          `${size.commits} commits (limit ${limits.maxCommits})`,
        size.files > limits.maxFiles &&
          `${size.files} files (limit ${limits.maxFiles})`,
        lines > limits.maxLines && `${lines} lines (limit ${limits.maxLines})`,
      ].filter((x): x is string => Boolean(x));
      const measured = `${size.commits} commits, ${size.files} files, +${size.additions}/−${size.deletions} lines`;
      return {
        state: over.length === 0 ? 'open' : 'closed',
        summary:
          over.length === 0
            ? `${measured} since ${ctx.environment}'s ${base.slice(0, 7)}`
            : `Too large: ${over.join(', ')}`,
        evidence: [
          `${repository.owner}/${repository.name}: ${base.slice(
            0,
            7,
          )} (running in ${ctx.environment}) → ${head.slice(0, 7)} (candidate)`,
          measured,
          `limits: ${limits.maxCommits} commits, ${limits.maxFiles} files, ${limits.maxLines} lines`,
        ],
        link: repository.compareUrl(base, head),
      };
    },
  };
}
