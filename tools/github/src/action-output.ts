/**
 * Writing step outputs ($GITHUB_OUTPUT) and the job summary ($GITHUB_STEP_SUMMARY). Both files
 * are appended to, as the runner expects: other steps' lines stay.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/**
 * The lines for `outputs` in the runner's format. A value with a line break uses the heredoc
 * form with a random delimiter, so text we do not control cannot end the value early and smuggle
 * in another output.
 */
export function formatStepOutputs(outputs: Readonly<Record<string, string>>): string {
  return Object.entries(outputs).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`formatStepOutputs: invalid output name "${name}"`);
    if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
    const delimiter = `ghadelimiter_${randomBytes(12).toString('hex')}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }).join('');
}

/** Appends outputs to $GITHUB_OUTPUT; without the file (a local run) nothing is written. */
export function writeStepOutputs(outputFile: string | undefined, outputs: Readonly<Record<string, string>>): void {
  if (outputFile === undefined) return;
  appendFileSync(outputFile, formatStepOutputs(outputs), 'utf8');
}

/** Appends Markdown to the job summary; without the file (a local run) nothing is written. */
export function appendStepSummary(summaryFile: string | undefined, markdown: string): void {
  if (summaryFile === undefined) return;
  appendFileSync(summaryFile, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
}
