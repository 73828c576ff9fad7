/**
 * The command as the README gives it, `npx projen slo-report <env>`: the real projen task, a new
 * Node process, the real SDK reading credentials and the endpoint from the environment, and a
 * loopback CloudWatch.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { awsTestEnv } from '../../support/aws-test-env';
import { rawEnvironment, rawProject } from '../../support/environment';
import { FakeCloudWatch } from '../../support/fake-cloudwatch';

const ROOT = resolve(__dirname, '..', '..', '..');

function runTask(argv: readonly string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  return new Promise((done) => {
    execFile(join(ROOT, 'node_modules', '.bin', 'projen'), ['slo-report', ...argv], { cwd: ROOT, env: childEnv, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('npx projen slo-report (projen task, own process, loopback CloudWatch)', function () {
  this.timeout(180_000);
  const fake = new FakeCloudWatch();
  let configDir: string;

  before(async () => {
    await fake.start();
    configDir = mkdtempSync(join(tmpdir(), 'slo-report-task-'));
    writeFileSync(join(configDir, 'project.yaml'), stringify(rawProject()));
    writeFileSync(join(configDir, 'dev.yaml'), stringify(rawEnvironment('dev', { slo: { availability: { objective: 0.99 } } })));
    writeFileSync(join(configDir, 'prod.yaml'), stringify(rawEnvironment('prod')));
  });
  after(async () => {
    await fake.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('prints the JSON report of an environment and exits 0', async () => {
    const now = new Date();
    fake.now = now;
    const requests = { namespace: 'qa/dev/chatbot', metricName: 'chat.requests', stat: 'Sum' };
    fake.put({ ...requests, dimensions: { outcome: 'success' } }, new Date(now.getTime() - 3 * 3_600_000), 398);
    fake.put({ ...requests, dimensions: { outcome: 'error' } }, new Date(now.getTime() - 3 * 3_600_000), 2);
    fake.alarms.push({ type: 'composite', name: 'qa-dev-slo-availability-slow-burn', state: 'ALARM' });
    const env = { ...awsTestEnv({ endpoints: { AWS_ENDPOINT_URL_CLOUDWATCH: fake.endpoint } }), PLATFORM_CONFIG_DIR: configDir };
    const run = await runTask(['dev', '--json'], env);
    expect(run.code, run.stderr).to.equal(0);
    // stdout is the JSON document alone (projen's task banner goes to stderr), so it pipes into jq.
    const doc = JSON.parse(run.stdout) as { slis: { name: string; consumed: number }[]; alarms: { counts: Record<string, number> } };
    expect(doc.slis.map((s) => [s.name, s.consumed])).to.deep.equal([['availability', 0.5], ['latency', null]]);
    expect(doc.alarms.counts).to.deep.equal({ ALARM: 1, INSUFFICIENT_DATA: 0, OK: 0 });

    const unknown = await runTask(['staging'], env);
    expect(unknown.code).to.not.equal(0);
    expect(unknown.stderr).to.match(/slo-report: unknown environment "staging" \(.*project\.yaml lists dev, prod\)/);
  });
});
