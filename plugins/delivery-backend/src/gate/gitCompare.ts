import { SourceRepository } from './sourceRepository';

/** The size of the change between two commits. */
export interface ChangeSize {
  commits: number;
  files: number;
  additions: number;
  deletions: number;
}

/**
 * Asks the git host how far apart two commits are: Gitea's and GitHub's
 * `compare/{base}...{head}` endpoints. Gitea reports per-commit stats and
 * files (lines are summed over commits, files counted once); GitHub reports
 * the net diff's files (at most 300, which GitHub documents).
 */
export async function compareCommits(
  repository: SourceRepository,
  base: string,
  head: string,
): Promise<ChangeSize> {
  const request = await repository.compareRequest(base, head);
  const response = await fetch(request.url, {
    headers: request.headers,
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) {
    const text = (await response.text()).slice(0, 300);
    throw new Error(
      `${repository.kind} answered ${response.status} comparing ${base}...${head}: ${text}`,
    );
  }
  const body = (await response.json()) as any;
  if (repository.kind === 'github') {
    const files: any[] = body.files ?? [];
    return {
      commits: Number(body.total_commits ?? 0),
      files: files.length,
      additions: files.reduce((s, f) => s + Number(f.additions ?? 0), 0),
      deletions: files.reduce((s, f) => s + Number(f.deletions ?? 0), 0),
    };
  }
  const commits: any[] = body.commits ?? [];
  const files = new Set<string>();
  let additions = 0;
  let deletions = 0;
  for (const commit of commits) {
    for (const file of commit.files ?? []) files.add(file.filename);
    additions += Number(commit.stats?.additions ?? 0);
    deletions += Number(commit.stats?.deletions ?? 0);
  }
  return {
    commits: Number(body.total_commits ?? commits.length),
    files: files.size,
    additions,
    deletions,
  };
}
