/**
 * The chatbot pod's memory limit, reproduced for a benchmarked server process. Node sizes its V8
 * heap from the memory it may use (a cgroup limit when there is one): in the pod's 256 MiB the
 * young generation is a sixteenth of what it is on an unconstrained machine, which changes both
 * RSS and throughput. So the benchmark runs each server in a memory cgroup of its own with the
 * limit of gitops/apps/chatbot/base/deployment.yaml, when the machine lets it create one (root,
 * cgroup v1 or v2 memory controller writable); otherwise it says so and runs unconstrained.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const DEPLOYMENT = resolve(__dirname, '..', '..', 'gitops', 'apps', 'chatbot', 'base', 'deployment.yaml');
const UNITS: Record<string, number> = { '': 1, 'Ki': 1024, 'Mi': 1024 ** 2, 'Gi': 1024 ** 3, 'k': 1e3, 'M': 1e6, 'G': 1e9 };

/** A Kubernetes memory quantity (`256Mi`, `1G`, `134217728`) in bytes. */
export function memoryQuantityBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(quantity.trim());
  if (!match) throw new Error(`not a memory quantity: "${quantity}"`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? '']!);
}

/** `resources.limits.memory` of the container named `container` in the chatbot Deployment, in bytes. */
export function podMemoryLimitBytes(deploymentFile: string = DEPLOYMENT, container = 'chatbot'): number {
  for (const document of parseAllDocuments(readFileSync(deploymentFile, 'utf8'))) {
    const object = document.toJS() as any;
    if (object?.kind !== 'Deployment') continue;
    const found = (object.spec?.template?.spec?.containers ?? []).find((c: any) => c?.name === container);
    const limit = found?.resources?.limits?.memory;
    if (typeof limit === 'string' || typeof limit === 'number') return memoryQuantityBytes(String(limit));
  }
  throw new Error(`${deploymentFile}: no resources.limits.memory for container "${container}"`);
}

/** Creates memory cgroups below this process's own, one per server. */
export class MemoryCgroups {
  /** A factory, or the reason none can be made on this machine. */
  static open(limitBytes: number, cgroupFile = '/proc/self/cgroup', root = '/sys/fs/cgroup'): MemoryCgroups | string {
    try {
      const lines = readFileSync(cgroupFile, 'utf8').split('\n');
      const v1 = lines.map((line) => /^\d+:([^:]*\bmemory\b[^:]*):(.*)$/.exec(line)).find(Boolean);
      const parent = v1 ? join(root, 'memory', v1[2]!) : join(root, /^0::(.*)$/m.exec(lines.join('\n'))?.[1] ?? '/');
      const groups = new MemoryCgroups(parent, v1 ? 'memory.limit_in_bytes' : 'memory.max', limitBytes);
      groups.create('probe').remove();
      return groups;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  private count = 0;

  private constructor(private readonly parent: string, private readonly limitFile: string, readonly limitBytes: number) {}

  /** A new cgroup with the limit; `label` only names its folder. */
  create(label: string = String(++this.count)): MemoryCgroup {
    const path = join(this.parent, `chatbot-bench-${process.pid}-${label}`);
    mkdirSync(path);
    try {
      writeFileSync(join(path, this.limitFile), String(this.limitBytes));
    } catch (err) {
      rmdirSync(path);
      throw err;
    }
    return new MemoryCgroup(path);
  }
}

/** One cgroup; a process joins it by writing its pid to `cgroup.procs`. */
export class MemoryCgroup {
  constructor(readonly path: string) {}

  /** `sh -c` arguments that move the shell into this cgroup, then exec `command`. */
  wrap(command: string, args: readonly string[]): { command: string; args: string[] } {
    return { command: 'sh', args: ['-c', `echo $$ > '${join(this.path, 'cgroup.procs')}' && exec "$0" "$@"`, command, ...args] };
  }

  /** Removes the cgroup (once its processes have exited); never throws. */
  remove(): void {
    try {
      rmdirSync(this.path);
    } catch {
      // A process still in it, or already gone: nothing to clean.
    }
  }
}
