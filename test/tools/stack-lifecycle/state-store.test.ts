import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { LifecycleError } from '../../../tools/stack-lifecycle/src/lifecycle-errors';
import { countManaged, S3StateStore } from '../../../tools/stack-lifecycle/src/state-store';
import { applyEnv, awsTestEnv } from '../../support/aws-test-env';
import { FakeS3, terraformState } from '../../support/fake-s3';
import { rejection } from '../../support/rejection';

const BUCKET = 'qa-tfstate-123456789012-eu-west-1';

describe('stack-lifecycle: S3StateStore against a loopback S3 (real SDK)', () => {
  const fake = new FakeS3();
  let restore: () => void;

  before(async () => {
    await fake.start();
  });
  beforeEach(() => {
    fake.buckets.clear();
    fake.requests.length = 0;
    fake.throttleNext = 0;
    restore = applyEnv(awsTestEnv({ endpoints: { AWS_ENDPOINT_URL_S3: fake.endpoint } }));
  });
  afterEach(() => restore());
  after(() => fake.stop());

  it('accepts an existing bucket, signing for the backend region with path-style requests', async () => {
    fake.addBucket(BUCKET, 'eu-west-1');
    await new S3StateStore().checkBucket(BUCKET, 'eu-west-1');
    expect(fake.requests).to.deep.equal([{ method: 'HEAD', path: `/${BUCKET}/`, signedRegion: 'eu-west-1', status: 200 }]);
  });

  it('names the missing bucket and the bootstrap step', async () => {
    const error = await rejection(new S3StateStore().checkBucket(BUCKET, 'eu-west-1'));
    expect(error).to.be.instanceOf(LifecycleError);
    expect(error.message).to.equal(
      `the state bucket ${BUCKET} does not exist in eu-west-1: deploy the bootstrap stack of this account first ` +
        '(README, Deploy step 1: npx projen deploy bootstrap), or fix state in config/project.yaml',
    );
  });

  it('says when the bucket is in another region', async () => {
    fake.addBucket(BUCKET, 'us-east-1');
    const error = await rejection(new S3StateStore().checkBucket(BUCKET, 'eu-west-1'));
    expect(error.message).to.match(/is not in eu-west-1 \(S3 answered 301\); set state.region in config\/project.yaml/);
  });

  it('says access is denied without blaming the bucket', async () => {
    fake.addBucket(BUCKET, 'eu-west-1').denied = true;
    const error = await rejection(new S3StateStore().checkBucket(BUCKET, 'eu-west-1'));
    expect(error.message).to.match(/^access denied when trying to check the state bucket .* \(s3:ListBucket\) with the current AWS credentials/);
  });

  it('retries S3 throttling (503 SlowDown) and then succeeds', async () => {
    fake.addBucket(BUCKET, 'eu-west-1');
    fake.throttleNext = 2;
    await new S3StateStore().checkBucket(BUCKET, 'eu-west-1');
    expect(fake.requests.map((r) => r.status)).to.deep.equal([503, 503, 200]);
  });

  it('gives up on endless throttling with S3 code and status in the message', async () => {
    fake.addBucket(BUCKET, 'eu-west-1', { 'addons-dev/terraform.tfstate': terraformState(1) });
    fake.throttleNext = 100;
    const error = await rejection(new S3StateStore(2).managedResources({ kind: 's3', bucket: BUCKET, key: 'addons-dev/terraform.tfstate', region: 'eu-west-1' }));
    expect(error.message).to.match(/^could not read the state s3:\/\/.*addons-dev\/terraform.tfstate \(s3:GetObject\): S3 answered 503 \(SlowDown\)/);
    expect(fake.requests).to.have.length(2);
  });

  it('tells a sign-in problem apart when there are no credentials', async () => {
    restore();
    restore = applyEnv(awsTestEnv({ endpoints: { AWS_ENDPOINT_URL_S3: fake.endpoint }, withCredentials: false }));
    const error = await rejection(new S3StateStore().checkBucket(BUCKET, 'eu-west-1'));
    expect(error.message).to.match(/^no AWS credentials to check the state bucket .*: sign in first/);
    expect(fake.requests).to.have.length(0);
  });

  it('counts managed resources of a state object, not data sources; no object is "no state"', async () => {
    fake.addBucket(BUCKET, 'eu-west-1', { 'addons-dev/terraform.tfstate': terraformState(3, 2), 'empty/terraform.tfstate': terraformState(0, 1) });
    const store = new S3StateStore();
    const at = (key: string) => store.managedResources({ kind: 's3', bucket: BUCKET, key, region: 'eu-west-1' });
    expect(await at('addons-dev/terraform.tfstate')).to.equal(3);
    expect(await at('empty/terraform.tfstate')).to.equal(0);
    expect(await at('never-deployed/terraform.tfstate')).to.equal(undefined);
  });

  it('reads a local state file, and refuses one that is not a state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-store-'));
    try {
      writeFileSync(join(dir, 'ok.tfstate'), terraformState(2));
      writeFileSync(join(dir, 'bad.tfstate'), '{"resources": 5}');
      const store = new S3StateStore();
      expect(await store.managedResources({ kind: 'local', path: join(dir, 'ok.tfstate') })).to.equal(2);
      expect(await store.managedResources({ kind: 'local', path: join(dir, 'missing.tfstate') })).to.equal(undefined);
      const error = await rejection(store.managedResources({ kind: 'local', path: join(dir, 'bad.tfstate') }));
      expect(error.message).to.equal(`${join(dir, 'bad.tfstate')} is not a Terraform state file (no resources list)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('countManaged names the file of a state that is not JSON', () => {
    expect(() => countManaged('not json', 's3://b/k')).to.throw(LifecycleError, /^s3:\/\/b\/k is not a Terraform state file \(/);
  });
});
