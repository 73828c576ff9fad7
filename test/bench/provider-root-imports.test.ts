import { expect } from 'chai';
import { rewriteToPackageRoot } from '../../bench/provider-root-imports';

describe('bench/provider-root-imports', () => {
  it('rewrites module-path imports to package-root namespace aliases', () => {
    const { source, rewritten } = rewriteToPackageRoot(
      [
        "import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';",
        "import { IamRole, IamRoleConfig as Cfg } from '@cdktf/provider-aws/lib/iam-role';",
        "import type { Release } from '@cdktf/provider-helm/lib/release';",
        "import { Construct } from 'constructs';",
      ].join('\n'),
    );
    expect(rewritten).to.equal(3);
    expect(source).to.include("import { eksCluster as __eksCluster } from '@cdktf/provider-aws';\nimport EksCluster = __eksCluster.EksCluster;");
    expect(source).to.include('import Cfg = __iamRole.IamRoleConfig;');
    expect(source).to.include("import { release as __release } from '@cdktf/provider-helm';");
    expect(source).to.include("import { Construct } from 'constructs';");
    expect(source).to.not.match(/provider-aws\/lib/);
  });
});
