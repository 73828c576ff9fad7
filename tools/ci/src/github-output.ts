/**
 * Step outputs for GitHub Actions: appended to the file named by $GITHUB_OUTPUT (the CLI passes
 * the path in). Every value uses the heredoc form with a random delimiter, so a value holding a
 * newline or `=` cannot inject another output.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';

export function writeOutputs(file: string | undefined, outputs: Readonly<Record<string, string>>): void {
  if (file === undefined || file === '') return;
  const text = Object.entries(outputs)
    .map(([key, value]) => {
      const delimiter = `ghadelimiter_${randomBytes(12).toString('hex')}`;
      return `${key}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
  appendFileSync(file, text);
}
