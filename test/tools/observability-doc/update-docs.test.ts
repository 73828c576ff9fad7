import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { parseDocument } from 'yaml';
import { GENERATED_SECTIONS } from '../../../tools/observability-doc/src/doc-sections';
import { updateDocs } from '../../../tools/observability-doc/src/update-docs';

const ROOT = join(__dirname, '..', '..', '..');

describe('tools/observability-doc/update-docs', () => {
  let dir: string;
  let out: string;
  let err: string;
  const io = { stdout: (t: string) => { out += t; }, stderr: (t: string) => { err += t; } };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'observability-doc-'));
    out = '';
    err = '';
    for (const file of Object.keys(GENERATED_SECTIONS)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      cpSync(join(ROOT, file), join(dir, file));
    }
    cpSync(join(ROOT, 'config'), join(dir, 'config'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (check: boolean) => updateDocs({ root: dir, configDir: join(dir, 'config'), check }, io);
  /** Sets the dev availability objective in the copied config/dev.yaml, keeping the rest. */
  const setDevObjective = (objective: unknown) => {
    const file = join(dir, 'config/dev.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['slo', 'availability', 'objective'], objective);
    writeFileSync(file, doc.toString());
  };

  it('finds the committed docs current', () => {
    expect(run(true)).to.equal(0);
    expect(out).to.equal('generated sections are current\n');
  });

  it('reports stale sections without writing under --check, and rewrites them otherwise', () => {
    setDevObjective(0.995);
    const before = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(run(true)).to.equal(1);
    expect(err).to.include('README.md: slo-table').and.include('docs/observability.md: alert-policy').and.include('npx tsx tools/observability-doc/src/cli.ts');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).to.equal(before);
    expect(run(false)).to.equal(0);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).to.include('| `dev` | availability | 99.5 % |');
    out = '';
    expect(run(true)).to.equal(0);
    expect(out).to.equal('generated sections are current\n');
  });

  it('names the config problem instead of writing anything', () => {
    setDevObjective(99);
    expect(run(false)).to.equal(1);
    expect(err).to.include('slo.availability.objective');
  });
});
