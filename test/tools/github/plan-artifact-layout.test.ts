import { expect } from 'chai';
import { PLAN_ARTIFACT_PATHS } from '../../../projenrc/workflows/plan';
import { PLAN_DIGESTS_FILE } from '../../../tools/ci/src/plan-digests';
import { isPlanArtifactDirectory, isPlanArtifactFile } from '../../../tools/github/src/plan-artifact-layout';

describe('plan artifact layout', () => {
  it('holds every path plan.yml uploads (PLAN_ARTIFACT_PATHS), so apply can extract what plan saved', () => {
    for (const path of PLAN_ARTIFACT_PATHS) {
      const example = path.endsWith('/') ? `${path}platform-dev.json` : path.replace(/\*/g, 'platform-dev');
      expect(isPlanArtifactFile(example), `${path} → ${example}`).to.equal(true);
    }
    expect(isPlanArtifactFile(PLAN_DIGESTS_FILE)).to.equal(true);
    // upload-artifact runs with include-hidden-files: a hidden file under plans/ is uploaded too.
    expect(isPlanArtifactFile('plans/.summary')).to.equal(true);
  });

  it('holds nothing that could replace code or configuration of the checkout', () => {
    for (const path of ['tools/x', '.github/workflows/plan.yml', 'package.json', '.npmrc', 'cdktf.out/stacks/a/main.tf', 'cdktf.out/stacks/a/.terraformrc',
      'cdktf.out/stacks/.terraform.lock.hcl', 'plans/../tools/x', 'plans/./x', 'plans/a/..', 'plans/.', 'plans']) {
      expect(isPlanArtifactFile(path), path).to.equal(false);
    }
    expect(isPlanArtifactDirectory('cdktf.out/stacks/a')).to.equal(true);
    expect(isPlanArtifactDirectory('cdktf.out/stacks/a/.terraform')).to.equal(false);
    expect(isPlanArtifactDirectory('tools')).to.equal(false);
  });
});
