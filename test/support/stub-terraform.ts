/**
 * A `terraform` for PATH that records what it is asked to do instead of doing it: one line per
 * call, `<working directory>\t<arguments>`, in the file named by STUB_TERRAFORM_LOG. It answers
 * the version probes the cdktf CLI makes and succeeds at everything else, so the CLI's own stack
 * selection and ordering run for real.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const SCRIPT = `#!/usr/bin/env bash
printf '%s\\t%s\\n' "$PWD" "$*" >> "\${STUB_TERRAFORM_LOG:?STUB_TERRAFORM_LOG is not set}"
case "$1" in
  version|-version|-v)
    if [[ "$*" == *-json* ]]; then echo '{"terraform_version":"1.11.4","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}'; else echo 'Terraform v1.11.4'; fi ;;
  output) echo '{}' ;;
  *) echo "stub terraform: $*" ;;
esac
`;

/** Write the stub into `dir` (created if needed); returns the directory to put first on PATH. */
export function installStubTerraform(dir: string): string {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const file = join(dir, 'terraform');
  writeFileSync(file, SCRIPT);
  chmodSync(file, 0o755);
  return dir;
}

export interface TerraformCallRecord {
  /** The stack: the last part of the working directory (`cdktf.out/stacks/<stack>`). */
  readonly stack: string;
  readonly args: string;
}

/** The calls a stub logged, in order ([] when it was never called). */
export function readTerraformCalls(log: string): TerraformCallRecord[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [cwd, args = ''] = line.split('\t');
    return { stack: basename(cwd), args };
  });
}
