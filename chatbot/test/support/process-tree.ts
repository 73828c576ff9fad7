/**
 * The process tree under a pid, read from /proc (Linux), for tests that start a chain of
 * processes (npm, the server...) and must prove that none of them outlives a signal.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** One process: its pid and command line. */
export interface ProcessInfo {
  readonly pid: number;
  readonly command: string;
}

/** `pid`'s parent and state from /proc/<pid>/stat, or undefined when it is gone. */
function stat(pid: number): { ppid: number; state: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
  const [state = '', ppid = ''] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(ppid), state };
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Every live process below `pid` (children, grandchildren...), parents before children. */
export function descendants(pid: number): ProcessInfo[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = stat(Number(entry));
    if (!info || info.state === 'Z') continue;
    children.set(info.ppid, [...(children.get(info.ppid) ?? []), Number(entry)]);
  }
  const found: ProcessInfo[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    found.push({ pid: next, command: commandOf(next) });
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** Whether `pid` still runs; a zombie (exited, not yet reaped by its parent) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const info = stat(pid);
  return info !== undefined && info.state !== 'Z';
}
