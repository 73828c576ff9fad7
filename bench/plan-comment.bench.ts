/**
 * bench:plan-comment — render the pull-request plan comment for generated plans of 1,000, 10,000
 * and 50,000 resource changes and print, per size: render time (the first, cold run, which is what
 * the CLI pays, and the median of all runs), the full-plan Markdown time, peak RSS, parts and
 * detail level. Each size runs in its own process, so the RSS figure is that size's alone.
 * Target: 10,000 changes rendered in <= 500 ms (first run). A last row renders 10,000 changes with
 * `maxParts: 60`, which forces every attribute diff to be computed (the slowest path).
 * Usage: npx projen bench:plan-comment [--runs N] (default 5).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateRenderInput } from '../test/tools/plan-comment/generate-plan';
import { renderFullPlanMarkdown, renderPlanComment } from '../tools/plan-comment/src/render';

const TARGET = { changes: 10_000, milliseconds: 500 };

interface WorkerResult {
  readonly renderMs: readonly number[];
  readonly fullMs: number;
  readonly parts: number;
  readonly detailLevel: string;
  readonly largestPart: number;
}

interface Measurement extends WorkerResult {
  readonly label: string;
  readonly changes: number;
  readonly peakMb: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs in a child: generate once, render once to warm up, then `runs` timed renders and the full plan; print JSON. */
function worker(changes: number, runs: number, maxParts: number): void {
  const input = generateRenderInput({ changes, seed: 42 });
  const renderMs: number[] = [];
  let rendered = renderPlanComment(input, { maxParts });
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    rendered = renderPlanComment(input, { maxParts });
    renderMs.push(performance.now() - started);
  }
  const fullStarted = performance.now();
  renderFullPlanMarkdown(input);
  const fullMs = performance.now() - fullStarted;
  const result: WorkerResult = {
    renderMs,
    fullMs,
    parts: rendered.parts.length,
    detailLevel: rendered.detailLevel,
    largestPart: Math.max(...rendered.parts.map((p) => p.body.length)),
  };
  process.stdout.write(JSON.stringify(result));
}

/** The cold figure: one render in a fresh process, timed alone. */
function coldWorker(changes: number, maxParts: number): void {
  const input = generateRenderInput({ changes, seed: 42 });
  const started = performance.now();
  renderPlanComment(input, { maxParts });
  process.stdout.write(JSON.stringify({ coldMs: performance.now() - started }));
}

function spawnWorker(args: string[], rssFile?: string): string {
  const run = spawnSync(process.execPath, ['--require', join(__dirname, 'peak-rss.cjs'), '--import', 'tsx', __filename, ...args], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile ?? '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`worker ${args.join(' ')} failed (exit ${run.status}):\n${run.stderr}`);
  return run.stdout;
}

function measure(label: string, changes: number, runs: number, maxParts: number): Measurement {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-plan-comment-'));
  const rssFile = join(scratch, 'rss');
  const cold = JSON.parse(spawnWorker(['--cold', String(changes), String(maxParts)])) as { coldMs: number };
  const warm = JSON.parse(spawnWorker(['--worker', String(changes), String(runs), String(maxParts)], rssFile)) as WorkerResult;
  const peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024 / 1024;
  rmSync(scratch, { recursive: true, force: true });
  return { ...warm, renderMs: [cold.coldMs, ...warm.renderMs], label, changes, peakMb };
}

function main(): void {
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
  const rows = [
    measure('1,000', 1_000, runs, 10),
    measure('10,000', 10_000, runs, 10),
    measure('50,000', 50_000, runs, 10),
    measure('10,000, maxParts 60 (every diff computed)', 10_000, runs, 60),
  ];
  console.log(`bench:plan-comment — generated plans, default options unless noted (first run in a fresh process; median of ${runs + 1} runs)`);
  console.log('| changes | first render | median render | full-plan Markdown | peak RSS | parts | detail level | largest part |');
  console.log('|---|--:|--:|--:|--:|--:|---|--:|');
  for (const m of rows) {
    console.log(`| ${m.label} | ${m.renderMs[0].toFixed(0)} ms | ${median(m.renderMs).toFixed(0)} ms | ${m.fullMs.toFixed(0)} ms | ${m.peakMb.toFixed(0)} MB | ${m.parts} | ${m.detailLevel} | ${m.largestPart.toLocaleString('en')} |`);
  }
  const target = rows.find((m) => m.changes === TARGET.changes)!;
  const met = target.renderMs[0] <= TARGET.milliseconds;
  console.log(`target: ${TARGET.changes.toLocaleString('en')} changes rendered in <= ${TARGET.milliseconds} ms (first run): ${met ? 'met' : 'MISSED'} (${target.renderMs[0].toFixed(0)} ms)`);
}

const mode = process.argv[2];
if (mode === '--worker') worker(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
else if (mode === '--cold') coldWorker(Number(process.argv[3]), Number(process.argv[4]));
else main();
