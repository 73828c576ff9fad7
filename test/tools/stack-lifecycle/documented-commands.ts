/**
 * The deploy/destroy commands the README and docs/ tell users to run, extracted from the text so
 * the tests run exactly what is written: command lines of fenced code blocks and inline code
 * spans that start with `npx projen deploy|destroy` or `[npx] cdktf <verb>`. Placeholders
 * (`<stacks>`) mark syntax descriptions, not commands, and are skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocumentedCommand {
  /** File and line, for failure messages. */
  readonly where: string;
  /** The command as written, without a trailing comment. */
  readonly command: string;
  /** `projen` (the tasks) or `cdktf` (the CLI called directly). */
  readonly tool: 'projen' | 'cdktf';
  readonly verb: string;
  /** The arguments after the verb, shell-unquoted. */
  readonly args: readonly string[];
}

const COMMAND = /^(?:npx )?(projen|cdktf) (deploy|destroy|synth)(?=\s|$)(.*)$/;

/** Markdown files whose commands users follow. */
export function documentationFiles(root: string): string[] {
  return ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
}

export function documentedCommands(root: string): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  for (const file of documentationFiles(root)) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    let fenced = false;
    lines.forEach((line, i) => {
      if (/^\s*```/.test(line)) {
        fenced = !fenced;
        return;
      }
      const candidates = fenced ? [line.trim()] : [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      for (const candidate of candidates) {
        const command = candidate.replace(/\s+#.*$/, '').trim();
        const match = COMMAND.exec(command);
        if (!match || /[<|]/.test(command)) continue;
        if (match[1] === 'projen' && !command.startsWith('npx ')) continue;
        const args = shellWords(match[3]);
        // `npx projen deploy` alone, in a sentence, names the task; a run needs its stacks.
        if (match[2] !== 'synth' && !fenced && args.length === 0) continue;
        found.push({ where: `${file}:${i + 1}`, command, tool: match[1] as 'projen' | 'cdktf', verb: match[2], args });
      }
    });
  }
  return found;
}

/** Split on spaces, honouring single and double quotes (enough for stack names and globs). */
export function shellWords(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}
