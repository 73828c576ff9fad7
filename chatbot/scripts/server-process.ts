/**
 * Helpers for starting the chatbot as a real process (tsx src/server.ts, or the bundle the image
 * runs) in tests, the benchmark and the image build's compile-cache warm-up: a free port to give
 * it, and a wait until it is ready.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

/** Polls `<url>/readyz` until it answers 200; fails with the process output if it exits or times out. */
export async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    if ((await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server not ready within ${timeoutMs / 1000} s:\n${output()}`);
}
