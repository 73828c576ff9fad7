import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { APP_MANIFEST } from './app-manifest';
import { LifecycleError } from '../../../tools/stack-lifecycle/src/lifecycle-errors';
import { preflight, type PreflightInput } from '../../../tools/stack-lifecycle/src/preflight';
import type { StateLocation } from '../../../tools/stack-lifecycle/src/stack-backends';
import type { StateStore } from '../../../tools/stack-lifecycle/src/state-store';
import { rejection } from '../../support/rejection';

const BUCKET = 'qa-tfstate-123456789012-eu-west-1';

/** A state store that answers from a table of keys (the S3 side is tested in state-store.test). */
class TableStore implements StateStore {
  public readonly checkedBuckets: string[] = [];
  public readonly readKeys: string[] = [];
  constructor(private readonly resources: Record<string, number>, private readonly bucketExists = true) {}
  public async checkBucket(bucket: string): Promise<void> {
    this.checkedBuckets.push(bucket);
    if (!this.bucketExists) throw new LifecycleError(`the state bucket ${bucket} does not exist`);
  }
  public async managedResources(location: StateLocation): Promise<number | undefined> {
    const key = location.kind === 's3' ? location.key : location.path;
    this.readKeys.push(key);
    return this.resources[key];
  }
}

describe('stack-lifecycle: preflight', () => {
  let outdir: string;
  before(() => {
    outdir = mkdtempSync(join(tmpdir(), 'preflight-'));
    for (const stack of APP_MANIFEST.stacks) {
      mkdirSync(join(outdir, stack.workingDirectory), { recursive: true });
      const backend = stack.name === 'bootstrap'
        ? { local: { path: '../../../terraform.bootstrap.tfstate' } }
        : { s3: { bucket: BUCKET, key: `${stack.name}/terraform.tfstate`, region: 'eu-west-1', encrypt: true, use_lockfile: true } };
      writeFileSync(join(outdir, stack.workingDirectory, 'cdk.tf.json'), JSON.stringify({ terraform: { backend } }));
    }
  });
  after(() => rmSync(outdir, { recursive: true, force: true }));

  const input = (command: PreflightInput['command'], patterns: string[], store: StateStore): PreflightInput =>
    ({ command, patterns, store, manifest: APP_MANIFEST, outdir, checkOrder: true });

  it('checks the state bucket once for the selected stacks; bootstrap with local state needs no bucket', async () => {
    const store = new TableStore({});
    expect(await preflight(input('deploy', ['*-prod'], store))).to.deep.equal({ selected: ['addons-prod', 'platform-prod'], satisfiedWithout: [] });
    expect(store.checkedBuckets).to.deep.equal([BUCKET]);
    const bootstrapOnly = new TableStore({}, false);
    await preflight(input('deploy', ['bootstrap'], bootstrapOnly));
    expect(bootstrapOnly.checkedBuckets).to.deep.equal([]);
  });

  it('stops a platform deploy before any state is read when the bucket is missing', async () => {
    const store = new TableStore({}, false);
    const error = await rejection(preflight(input('deploy', ['platform-dev'], store)));
    expect(error.message).to.equal(`the state bucket ${BUCKET} does not exist`);
    expect(store.readKeys).to.deep.equal([]);
  });

  it('destroys a platform alone once its add-ons state is empty or gone', async () => {
    expect((await preflight(input('destroy', ['platform-dev'], new TableStore({ 'addons-dev/terraform.tfstate': 0 })))).satisfiedWithout).to.deep.equal(['addons-dev']);
    expect((await preflight(input('destroy', ['platform-dev'], new TableStore({})))).satisfiedWithout).to.deep.equal(['addons-dev']);
  });

  it('refuses to destroy a platform whose add-ons still manage resources, naming both fixes', async () => {
    const error = await rejection(preflight(input('destroy', ['platform-dev'], new TableStore({ 'addons-dev/terraform.tfstate': 7 }))));
    expect(error.message).to.equal(
      `addons-dev still manages 7 resource(s) (s3://${BUCKET}/addons-dev/terraform.tfstate) and depends on platform-dev: ` +
        "destroy it first (npx projen destroy 'addons-dev'), or both at once, in order: npx projen destroy 'addons-dev' 'platform-dev'",
    );
  });

  it('deploys add-ons alone only onto a deployed platform', async () => {
    expect((await preflight(input('deploy', ['addons-dev'], new TableStore({ 'platform-dev/terraform.tfstate': 120 })))).satisfiedWithout).to.deep.equal(['platform-dev']);
    const error = await rejection(preflight(input('deploy', ['addons-dev'], new TableStore({}))));
    expect(error.message).to.equal(
      `addons-dev needs platform-dev, which is not deployed (no state at s3://${BUCKET}/platform-dev/terraform.tfstate): ` +
        "deploy both, in order: npx projen deploy 'platform-dev' 'addons-dev'",
    );
  });

  it('leaves the order to the user who passed --ignore-missing-stack-dependencies', async () => {
    const store = new TableStore({ 'addons-dev/terraform.tfstate': 7 });
    expect(await preflight({ ...input('destroy', ['platform-dev'], store), checkOrder: false })).to.deep.equal({ selected: ['platform-dev'], satisfiedWithout: [] });
    expect(store.readKeys).to.deep.equal([]);
  });
});
