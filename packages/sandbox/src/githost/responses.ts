import { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { notFound } from './giteaErrors';
import { GitReader } from './gitReader';
import { RepoRecord } from './repositoryStore';

/** Raw file bytes, as Gitea's `/raw/` endpoints send them. */
export async function sendBlob(
  res: ServerResponse,
  git: GitReader,
  commit: string,
  path: string,
): Promise<void> {
  const entry = await git.entry(commit, path);
  if (!entry || entry.type !== 'file')
    throw notFound(`object does not exist [id: , rel_path: ${path}]`);
  const content = await git.blob(entry.sha);
  // Gitea serves raw files as text/plain (never as HTML) unless they are media.
  const text = !content.subarray(0, 8000).includes(0);
  res.writeHead(200, {
    'Content-Type': text
      ? 'text/plain; charset=utf-8'
      : 'application/octet-stream',
    'Content-Length': content.length,
    'Content-Disposition': `inline; filename="${encodeURIComponent(
      entry.name,
    )}"`,
    'X-Content-Type-Options': 'nosniff',
    ETag: `"${entry.sha}"`,
  });
  res.end(content);
}

/** A `tar.gz` or `zip` archive whose paths start with `<repo>/`, as Gitea builds them. */
export async function sendArchive(
  res: ServerResponse,
  git: GitReader,
  repo: RepoRecord,
  commit: string,
  ref: string,
  format: 'tar.gz' | 'zip',
): Promise<void> {
  const name = `${repo.name}-${ref.replace(/[^\w.-]/g, '-')}.${format}`;
  res.writeHead(200, {
    'Content-Type': format === 'zip' ? 'application/zip' : 'application/gzip',
    'Content-Disposition': `attachment; filename="${name}"`,
  });
  await pipeline(git.archive(commit, format, repo.name), res);
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}

/** A bare HTML page: the sandbox's stand-in for Gitea's web UI. */
export function sendHtml(
  res: ServerResponse,
  status: number,
  title: string,
  body: string,
): void {
  const page = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(
    title,
  )}</title></head><body><h1>${escapeHtml(
    title,
  )}</h1>\n${body}\n</body></html>\n`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(page),
  });
  res.end(page);
}
