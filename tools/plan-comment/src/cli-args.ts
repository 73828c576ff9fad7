/**
 * The flags `render` and `publish` share, validated into what the renderer takes. Every error
 * names the flag and a valid value; nothing is read or written before all flags are valid.
 */
import type { RenderOptions } from './types';
import { runUrlFromEnv } from '../../github/src/action-context';
import {
  parseCommitSha, parseExistingDirectory, parsePositiveInteger, parseUrl, stringFlag, stringListFlag, type FlagSpec, type FlagValues,
} from '../../github/src/cli-flags';
import { UsageError, type CliEnv } from '../../github/src/cli-io';
import { parseRepositoryName } from '../../github/src/repository';

export const RENDER_FLAGS: FlagSpec = {
  'plans-dir': { type: 'string' },
  'pr': { type: 'string' },
  'sha': { type: 'string' },
  'repo': { type: 'string' },
  'artifact-url': { type: 'string' },
  'max-parts': { type: 'string' },
  'mask': { type: 'string', multiple: true },
};

export interface RenderArgs {
  readonly plansDir: string;
  readonly pullRequest: number;
  readonly commitSha: string;
  /** `owner/repo`, for links. */
  readonly repository?: string;
  readonly artifactUrl?: string;
  /** Web root for links (GitHub Enterprise sets GITHUB_SERVER_URL). */
  readonly serverUrl?: string;
  readonly options: RenderOptions;
}

/** A `--mask` value as a regular expression; a bad pattern is a usage error that quotes it. */
export function parseMask(source: string): RegExp {
  if (source === '') throw new UsageError('--mask: the pattern is empty');
  try {
    return new RegExp(source);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new UsageError(`--mask ${JSON.stringify(source)} is not a valid regular expression: ${why}`);
  }
}

export function parseRenderArgs(flags: FlagValues, env: CliEnv): RenderArgs {
  const plansDir = parseExistingDirectory(stringFlag(flags, 'plans-dir', true), 'plans-dir');
  const pullRequest = parsePositiveInteger(stringFlag(flags, 'pr', true), 'pr');
  const commitSha = parseCommitSha(stringFlag(flags, 'sha', true), 'sha');
  const repoFlag = stringFlag(flags, 'repo');
  // Only for links here, so a missing repository is fine; a malformed one is still an error.
  const repoText = repoFlag ?? (env.GITHUB_REPOSITORY || undefined);
  const repository = repoText === undefined ? undefined : parseRepositoryName(repoText, repoFlag !== undefined ? '--repo' : 'GITHUB_REPOSITORY');
  const artifactFlag = stringFlag(flags, 'artifact-url');
  const maxPartsFlag = stringFlag(flags, 'max-parts');
  const masks = stringListFlag(flags, 'mask').map(parseMask);
  return {
    plansDir,
    pullRequest,
    commitSha,
    repository: repository === undefined ? undefined : `${repository.owner}/${repository.repo}`,
    // Without a URL, the run page (which lists the full-plan artifact) stands in. An empty value
    // counts as absent: it is what `--artifact-url "${{ steps.x.outputs.url }}"` gives when unset.
    artifactUrl: artifactFlag !== undefined && artifactFlag.trim() !== '' ? parseUrl(artifactFlag, 'artifact-url') : runUrlFromEnv(env),
    serverUrl: env.GITHUB_SERVER_URL || undefined,
    options: {
      ...(maxPartsFlag !== undefined ? { maxParts: parsePositiveInteger(maxPartsFlag, 'max-parts') } : {}),
      ...(masks.length > 0 ? { extraMasks: masks } : {}),
    },
  };
}
