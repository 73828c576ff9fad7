/**
 * Rewrites (or, with `check`, only compares) the generated sections of the files in
 * GENERATED_SECTIONS under `root`, from the config in `configDir` and the metric contract.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_SECTIONS, renderSection } from './doc-sections';
import { readSection, REGENERATE_COMMAND, replaceSection } from './marked-sections';
import { ConfigError, loadConfig } from '../../../stacks/config';

export interface UpdateDocsOptions {
  /** The repository root the section files are relative to. */
  readonly root: string;
  readonly configDir: string;
  /** The variable that chose `configDir`, for error messages (loadConfig). */
  readonly chosenBy?: string;
  /** Compare only; report stale sections with exit code 1. */
  readonly check: boolean;
}

export interface UpdateDocsIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit code: 0 current or updated, 1 stale (check) or invalid config. */
export function updateDocs(options: UpdateDocsOptions, io: UpdateDocsIo): number {
  let project;
  try {
    project = loadConfig(options.configDir, options.chosenBy);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
  const stale: string[] = [];
  for (const [file, sections] of Object.entries(GENERATED_SECTIONS)) {
    const path = join(options.root, file);
    const before = readFileSync(path, 'utf8');
    let text = before;
    for (const name of sections) {
      const content = renderSection(name, project);
      if (readSection(text, name, file) !== content) stale.push(`${file}: ${name}`);
      text = replaceSection(text, name, content, file);
    }
    if (!options.check && text !== before) writeFileSync(path, text);
  }
  if (stale.length === 0) {
    io.stdout('generated sections are current\n');
    return 0;
  }
  if (options.check) {
    io.stderr(`stale generated sections (run ${REGENERATE_COMMAND}):\n  ${stale.join('\n  ')}\n`);
    return 1;
  }
  io.stdout(`updated ${stale.join(', ')}\n`);
  return 0;
}
