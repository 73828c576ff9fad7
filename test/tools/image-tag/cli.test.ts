import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runImageTagCli } from '../../../tools/image-tag/src/cli';

const OVERLAYS = join(__dirname, '..', '..', '..', 'gitops', 'apps', 'chatbot', 'overlays');

function run(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runImageTagCli(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

describe('tools/image-tag CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-tag-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const env of ['dev', 'prod']) {
    it(`bumps a copy of the real ${env} overlay in place, then reports no change on a second run`, () => {
      const file = join(dir, 'kustomization.yaml');
      copyFileSync(join(OVERLAYS, env, 'kustomization.yaml'), file);
      const original = readFileSync(file, 'utf8');

      const first = run(['bump', '--file', file, '--image', 'chatbot', '--tag', 'abc1234']);
      expect(first.code, first.err.join('\n')).to.equal(0);
      expect(first.out[0]).to.match(/chatbot newTag .* -> abc1234$/);
      const bumped = readFileSync(file, 'utf8');
      const before = /newTag: "([^"]*)"/.exec(original)?.[1];
      expect(before).to.be.a('string').and.not.equal('abc1234');
      expect(bumped).to.equal(original.replace(`newTag: "${before}"`, 'newTag: "abc1234"'));

      const second = run(['bump', '--file', file, '--image', 'chatbot', '--tag', 'abc1234']);
      expect(second.code).to.equal(0);
      expect(second.out[0]).to.contain('already abc1234');
      expect(readFileSync(file, 'utf8')).to.equal(bumped);
    });
  }

  it('with --new-name, bumps the real overlay only when it deploys from that repository', () => {
    const file = join(dir, 'kustomization.yaml');
    copyFileSync(join(OVERLAYS, 'dev', 'kustomization.yaml'), file);
    const before = readFileSync(file, 'utf8');
    const newName = /newName: (\S+)/.exec(before)![1];
    const wrong = run(['bump', '--file', file, '--image', 'chatbot', '--tag', 'abc1234', '--new-name', 'registry.example.com/chatbot']);
    expect(wrong.code).to.equal(1);
    expect(wrong.err[0]).to.contain(`has "${newName}", not "registry.example.com/chatbot"`);
    expect(readFileSync(file, 'utf8')).to.equal(before);
    expect(run(['bump', '--file', file, '--image', 'chatbot', '--tag', 'abc1234', '--new-name', newName]).code).to.equal(0);
    expect(readFileSync(file, 'utf8')).to.contain('newTag: "abc1234"');
    expect(run(['bump', '--file', file, '--image', 'chatbot', '--tag', 'abc1234', '--new-name', '']).code).to.equal(2);
  });

  it('exits 1 with the file named when it does not exist', () => {
    const result = run(['bump', '--file', join(dir, 'missing.yaml'), '--image', 'chatbot', '--tag', 'abc1234']);
    expect(result.code).to.equal(1);
    expect(result.err[0]).to.match(/missing\.yaml: file not found/);
  });

  it('exits 1 on an invalid tag and leaves the file alone', () => {
    const file = join(dir, 'kustomization.yaml');
    copyFileSync(join(OVERLAYS, 'dev', 'kustomization.yaml'), file);
    const before = readFileSync(file, 'utf8');
    const result = run(['bump', '--file', file, '--image', 'chatbot', '--tag', 'not a tag']);
    expect(result.code).to.equal(1);
    expect(readFileSync(file, 'utf8')).to.equal(before);
  });

  it('exits 2 on bad usage: unknown subcommand, unknown flag, missing flags', () => {
    expect(run(['set', '--file', 'x']).code).to.equal(2);
    expect(run(['bump', '--file', 'x', '--image', 'chatbot', '--tag', 'a', '--force']).code).to.equal(2);
    const missing = run(['bump', '--file', 'x']);
    expect(missing.code).to.equal(2);
    expect(missing.err[0]).to.contain('missing --image, --tag');
  });
});
