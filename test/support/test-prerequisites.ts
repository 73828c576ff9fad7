/**
 * The first step of `npm test`: the two programs the suite needs that npm cannot install, checked
 * up front so a missing one is one message naming what to install, not hundreds of failed tests.
 * Exit 1 when one is missing.
 */
import { spawnSync } from 'node:child_process';

interface Prerequisite {
  readonly what: string;
  /** undefined when present and good enough, else why not. */
  readonly problem: () => string | undefined;
  readonly install: string;
}

function run(command: string, args: string[]): { ok: boolean; stdout: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { ok: result.status === 0, stdout: result.stdout ?? '' };
}

export const PREREQUISITES: readonly Prerequisite[] = [
  {
    what: 'Chromium, for the chatbot web UI tests (driven headless by playwright-core; no browser download)',
    problem: () => (run('which', ['chromium']).ok ? undefined : 'no `chromium` on PATH'),
    install: 'Debian/Ubuntu: sudo apt-get install -y chromium (.ci/run does this itself); other systems: put a Chromium binary named `chromium` on PATH',
  },
  {
    what: 'kubectl >= 1.27, which renders gitops/ with its built-in kustomize',
    problem: () => {
      const version = run('kubectl', ['version', '--client', '-o', 'json']);
      if (!version.ok) return 'no working `kubectl` on PATH';
      const minor = Number((JSON.parse(version.stdout) as { clientVersion?: { minor?: string } }).clientVersion?.minor?.replace(/\D/g, ''));
      return minor >= 27 ? undefined : `kubectl 1.${minor} is too old`;
    },
    install: 'https://kubernetes.io/docs/tasks/tools/ (e.g. brew install kubectl, or the release binary from https://dl.k8s.io/release/v1.32.0/bin/linux/amd64/kubectl on PATH)',
  },
];

/** The message for what is missing, or undefined when everything is there. */
export function missingPrerequisites(prerequisites: readonly Prerequisite[] = PREREQUISITES): string | undefined {
  const missing = prerequisites.flatMap((p) => {
    const problem = p.problem();
    return problem === undefined ? [] : [`  - ${p.what}: ${problem}.\n    Install: ${p.install}`];
  });
  return missing.length === 0 ? undefined : `npm test needs programs that npm cannot install:\n${missing.join('\n')}`;
}

if (require.main === module) {
  const message = missingPrerequisites();
  if (message) {
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  }
}
