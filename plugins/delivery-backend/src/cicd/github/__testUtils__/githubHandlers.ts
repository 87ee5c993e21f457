import { http, HttpResponse } from 'msw';

export const API = 'https://api.github.com/repos/acme/cart-api';

/** A workflow run as GitHub's REST API returns it (fields trimmed to a real subset). */
export function workflowRun(
  id: number,
  overrides: Record<string, unknown> = {},
) {
  return {
    id,
    name: 'CI/CD',
    node_id: `WFR_${id}`,
    head_branch: 'main',
    head_sha: `${id}`.padStart(40, 'c'),
    path: '.github/workflows/ci.yaml',
    display_title: `Change ${id}`,
    run_number: id,
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    workflow_id: 161335,
    url: `${API}/actions/runs/${id}`,
    html_url: `https://github.com/acme/cart-api/actions/runs/${id}`,
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:07:30Z',
    run_attempt: 1,
    run_started_at: '2026-11-20T10:00:30Z',
    actor: { login: 'ben-okafor', id: 1, type: 'User' },
    triggering_actor: { login: 'ben-okafor', id: 1, type: 'User' },
    jobs_url: `${API}/actions/runs/${id}/jobs`,
    ...overrides,
  };
}

export function job(
  runId: number,
  id: number,
  name: string,
  conclusion = 'success',
) {
  return {
    id,
    run_id: runId,
    run_url: `${API}/actions/runs/${runId}`,
    node_id: `CR_${id}`,
    head_sha: `${runId}`.padStart(40, 'c'),
    url: `${API}/actions/jobs/${id}`,
    html_url: `https://github.com/acme/cart-api/actions/runs/${runId}/job/${id}`,
    status: 'completed',
    conclusion,
    started_at: '2026-11-20T10:01:00Z',
    completed_at: '2026-11-20T10:03:00Z',
    name,
    steps: [],
    labels: ['ubuntu-latest'],
  };
}

/** Two pages of runs linked as GitHub links them, and each run's jobs. */
export function pagedRunsHandlers(calls: string[] = []) {
  return [
    http.get(`${API}/actions/runs`, ({ request }) => {
      calls.push(request.url);
      const page = new URL(request.url).searchParams.get('page') ?? '1';
      const ids = page === '1' ? [105, 104, 103] : [102, 101];
      const link =
        page === '1'
          ? `<${API}/actions/runs?per_page=3&page=2>; rel="next", <${API}/actions/runs?per_page=3&page=2>; rel="last"`
          : `<${API}/actions/runs?per_page=3&page=1>; rel="prev", <${API}/actions/runs?per_page=3&page=1>; rel="first"`;
      return HttpResponse.json(
        {
          total_count: 5,
          workflow_runs: ids.map(id =>
            workflowRun(
              id,
              id === 105
                ? { conclusion: 'failure', head_branch: 'fix-cart' }
                : {},
            ),
          ),
        },
        { headers: { link } },
      );
    }),
    http.get(`${API}/actions/runs/:runId/jobs`, ({ params }) => {
      const runId = Number(params.runId);
      return HttpResponse.json({
        total_count: 2,
        jobs: [
          job(
            runId,
            runId * 10 + 1,
            'Build and test',
            runId === 105 ? 'failure' : 'success',
          ),
          job(
            runId,
            runId * 10 + 2,
            'Deploy to staging',
            runId === 105 ? 'skipped' : 'success',
          ),
        ],
      });
    }),
  ];
}

export const rateLimited = (resetEpochSeconds: number) =>
  http.get(`${API}/actions/runs`, () =>
    HttpResponse.json(
      {
        message:
          "API rate limit exceeded for installation ID 4242. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
        documentation_url:
          'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
      },
      {
        status: 403,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(resetEpochSeconds),
          'x-ratelimit-resource': 'core',
        },
      },
    ),
  );

export const notFound = () =>
  http.get(`${API}/actions/runs`, () =>
    HttpResponse.json(
      {
        message: 'Not Found',
        documentation_url:
          'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository',
        status: '404',
      },
      { status: 404 },
    ),
  );
