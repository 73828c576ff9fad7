/**
 * bench:synth — synthesize every stack of every environment and print wall time and peak RSS:
 *   1. the app as it is: provider classes imported by module path, run with tsx;
 *   2. the same app with provider imports rewritten to the package root, run with ts-node
 *      (type-checking, its default), the common naive set-up;
 * and the ratio. Targets for (1): <= 1.5 s, <= 250 MB, >= 10x faster than (2).
 * Usage: npx projen bench:synth [--runs N] (default 3 runs of (1), 1 of (2)).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rewriteToPackageRoot } from './provider-root-imports';

const ROOT = join(__dirname, '..');
const TARGETS = { wallSeconds: 1.5, peakMb: 250, speedup: 10 };

interface Measurement {
  readonly wallSeconds: number;
  readonly peakMb: number;
  readonly stacks: number;
}

function measure(label: string, args: string[], cwd: string): Measurement {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  const rssFile = join(outdir, 'rss');
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--require', join(__dirname, 'peak-rss.cjs'), ...args], {
    cwd,
    env: { ...process.env, CDKTF_OUTDIR: outdir, BENCH_RSS_FILE: rssFile, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${label} failed (exit ${run.status}):\n${run.stderr}`);
  const stacks = readdirSync(join(outdir, 'stacks')).length;
  const peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024 / 1024;
  rmSync(outdir, { recursive: true, force: true });
  return { wallSeconds, peakMb, stacks };
}

/** Copy the app's sources into .bench/package-root/ (inside the repo, so node_modules resolve) with rewritten imports. */
function preparePackageRootVariant(): { dir: string; rewritten: number } {
  const dir = join(ROOT, '.bench', 'package-root');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let rewritten = 0;
  for (const folder of ['stacks', 'modules', 'config']) cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
  const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  for (const file of walk(dir).filter((f) => f.endsWith('.ts'))) {
    const result = rewriteToPackageRoot(readFileSync(file, 'utf8'));
    rewritten += result.rewritten;
    writeFileSync(file, result.source);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: relative(dir, join(ROOT, 'tsconfig.json')), include: ['**/*.ts'] }));
  return { dir, rewritten };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;

  const fast: Measurement[] = [];
  for (let i = 0; i < runs; i++) fast.push(measure('module-path + tsx', ['--import', 'tsx', join(ROOT, 'stacks', 'main.ts')], ROOT));
  const variant = preparePackageRootVariant();
  const naive = measure('package-root + ts-node', ['--require', 'ts-node/register', join(variant.dir, 'stacks', 'main.ts')], variant.dir);

  const a = { wallSeconds: median(fast.map((m) => m.wallSeconds)), peakMb: median(fast.map((m) => m.peakMb)), stacks: fast[0].stacks };
  const speedup = naive.wallSeconds / a.wallSeconds;
  const row = (name: string, m: Measurement) => `| ${name} | ${m.stacks} | ${m.wallSeconds.toFixed(2)} s | ${m.peakMb.toFixed(0)} MB |`;
  console.log(`bench:synth — every stack of every environment (median of ${runs} run(s) for module-path; ${variant.rewritten} imports rewritten for package-root)`);
  console.log('| variant | stacks | wall | peak RSS |');
  console.log('|---|---|---|---|');
  console.log(row('module-path imports, tsx', a));
  console.log(row('package-root imports, ts-node', naive));
  console.log(`speed-up: ${speedup.toFixed(1)}x, memory: ${(naive.peakMb / a.peakMb).toFixed(1)}x less`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    `targets: wall <= ${TARGETS.wallSeconds} s ${verdict(a.wallSeconds <= TARGETS.wallSeconds)}; ` +
      `peak <= ${TARGETS.peakMb} MB ${verdict(a.peakMb <= TARGETS.peakMb)}; ` +
      `speed-up >= ${TARGETS.speedup}x ${verdict(speedup >= TARGETS.speedup)}`,
  );
  rmSync(variant.dir, { recursive: true, force: true });
}

main();
