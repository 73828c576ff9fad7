/**
 * The deploy/destroy commands the README and docs/ tell users to run, extracted from the text so
 * the tests run exactly what is written: command lines of fenced code blocks and inline code
 * spans that start with `npx projen deploy|destroy` or `[npx] cdktf <verb>`. Placeholders
 * (`<stacks>`) mark syntax descriptions, not commands, and are skipped. `documentedLines` is the
 * scanner, for the other tasks' documented commands.
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
function documentationFiles(root: string): string[] {
  return ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
}

/** A command of the documentation that `pattern` matched. */
export interface DocumentedLine {
  /** File and line, for failure messages. */
  readonly where: string;
  /** The command as written, without a trailing comment. */
  readonly command: string;
  /** Whether it is a line of a fenced code block (otherwise an inline code span). */
  readonly fenced: boolean;
  readonly match: RegExpExecArray;
}

/**
 * The command lines of fenced code blocks and the inline code spans of README.md and docs/ that
 * `pattern` matches (trailing `# comment` removed). Syntax descriptions (`<env>`, `a|b`,
 * `[--json]`) are not commands and are skipped.
 */
export function documentedLines(root: string, pattern: RegExp): DocumentedLine[] {
  const found: DocumentedLine[] = [];
  for (const file of documentationFiles(root)) {
    let fenced = false;
    readFileSync(join(root, file), 'utf8').split('\n').forEach((line, i) => {
      if (/^\s*```/.test(line)) {
        fenced = !fenced;
        return;
      }
      const candidates = fenced ? [line.trim()] : [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      for (const candidate of candidates) {
        const command = candidate.replace(/\s+#.*$/, '').trim();
        const match = pattern.exec(command);
        if (match && !/[<|[]/.test(command)) found.push({ where: `${file}:${i + 1}`, command, fenced, match });
      }
    });
  }
  return found;
}

export function documentedCommands(root: string): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  for (const { where, command, fenced, match } of documentedLines(root, COMMAND)) {
    if (match[1] === 'projen' && !command.startsWith('npx ')) continue;
    const args = shellWords(match[3]);
    // `npx projen deploy` alone, in a sentence, names the task; a run needs its stacks.
    if (match[2] !== 'synth' && !fenced && args.length === 0) continue;
    found.push({ where, command, tool: match[1] as 'projen' | 'cdktf', verb: match[2], args });
  }
  return found;
}

/** Split on spaces, honouring single and double quotes (enough for stack names and globs). */
export function shellWords(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}
