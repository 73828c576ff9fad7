import { expect } from 'chai';
import { ProviderNotReady } from '../src/providers/chat-provider';
import { Readiness } from '../src/readiness';
import { ReadinessCheck, checkUntilReady } from '../src/readiness-check';
import { captureLogs } from './support/log-capture';
import { waitFor } from './support/wait-for';

const NO_CREDENTIALS = 'no AWS credentials found: Could not load credentials from any providers; set AWS_PROFILE (see chatbot/README.md)';

/** A check that fails with each of `failures` in turn, then passes; counts its calls. */
function scriptedCheck(failures: readonly unknown[]): { check: () => Promise<void>; calls: () => number } {
  let calls = 0;
  return {
    check: async () => {
      const failure = failures[calls++];
      if (failure !== undefined) throw failure;
    },
    calls: () => calls,
  };
}

describe('readiness check (retried until the provider can answer)', () => {
  let running: ReadinessCheck | undefined;
  afterEach(() => running?.stop());

  it('holds the reason while the check fails, retries with growing delays, then flips to ready', async () => {
    const readiness = new Readiness('starting');
    const logs = captureLogs('debug');
    const script = scriptedCheck([new ProviderNotReady(NO_CREDENTIALS), new ProviderNotReady(NO_CREDENTIALS), new ProviderNotReady(NO_CREDENTIALS)]);
    // random 0.5: each delay is half of its ceiling, 20 ms doubling (10, 20, 40).
    running = checkUntilReady({
      check: script.check,
      readiness,
      logger: logs.logger,
      retry: { baseDelayMs: 20, maxDelayMs: 1000, random: () => 0.5 },
    });
    await waitFor(() => script.calls() >= 1);
    expect(readiness.reason).to.equal(NO_CREDENTIALS);
    expect(readiness.ready).to.equal(false);

    await running.done;
    expect(readiness.ready).to.equal(true);
    expect(readiness.reason).to.equal(undefined);
    expect(script.calls()).to.equal(4);
    const lines = logs.lines();
    expect(lines.filter((line) => line.msg === 'still not ready' || String(line.msg).startsWith('not ready')).map((line) => line.retry_in_ms)).to.deep.equal([10, 20, 40]);
    // One clear warn line for the reason, however long it lasts; the repeats only at debug.
    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include({ msg: `not ready: ${NO_CREDENTIALS}`, reason: NO_CREDENTIALS });
    expect(lines.filter((line) => line.level === 'info').map((line) => line.msg)).to.deep.equal(['ready: the model provider can answer']);
  });

  it('logs a new reason again when it changes', async () => {
    const readiness = new Readiness('starting');
    const logs = captureLogs();
    const noRegion = 'no AWS region found: Region is missing; set AWS_REGION';
    const script = scriptedCheck([new ProviderNotReady(noRegion), new ProviderNotReady(NO_CREDENTIALS)]);
    running = checkUntilReady({ check: script.check, readiness, logger: logs.logger, retry: { baseDelayMs: 5, random: () => 0.5 } });
    await running.done;
    expect(logs.lines().filter((line) => line.level === 'warn').map((line) => line.reason)).to.deep.equal([noRegion, NO_CREDENTIALS]);
  });

  it('reports a check that breaks unexpectedly as not ready, with the error in the log', async () => {
    const readiness = new Readiness('starting');
    const logs = captureLogs();
    const script = scriptedCheck([new TypeError('client.config.region is not a function')]);
    running = checkUntilReady({ check: script.check, readiness, logger: logs.logger, retry: { baseDelayMs: 60000, random: () => 0.5 } });
    await waitFor(() => readiness.reason !== 'starting');
    expect(readiness.reason).to.equal('the readiness check failed: client.config.region is not a function');
    expect(logs.lines().find((line) => line.level === 'error')).to.include({ msg: 'readiness check failed unexpectedly' });
  });

  it('stops retrying once stopped (shutdown)', async () => {
    const readiness = new Readiness('starting');
    const script = scriptedCheck(Array.from({ length: 1000 }, () => new ProviderNotReady(NO_CREDENTIALS)));
    running = checkUntilReady({
      check: script.check,
      readiness,
      logger: captureLogs().logger,
      retry: { baseDelayMs: 2, maxDelayMs: 2, random: () => 0.99 },
    });
    await waitFor(() => script.calls() >= 3);
    running.stop();
    await running.done;
    const calls = script.calls();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(script.calls()).to.be.at.most(calls + 1, 'at most the check already in flight');
    expect(readiness.ready).to.equal(false);
  });
});
