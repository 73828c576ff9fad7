import { expect } from 'chai';
import { rewriteToPackageRoot } from '../../bench/provider-root-imports';

describe('bench/provider-root-imports', () => {
  it('keeps same-named modules of different providers apart', () => {
    const { source } = rewriteToPackageRoot(
      "import { AwsProvider } from '@cdktf/provider-aws/lib/provider';\nimport { HelmProvider } from '@cdktf/provider-helm/lib/provider';",
    );
    expect(source).to.include('import AwsProvider = __aws_provider.AwsProvider;');
    expect(source).to.include('import HelmProvider = __helm_provider.HelmProvider;');
  });

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
    expect(source).to.include("import { eksCluster as __aws_eksCluster } from '@cdktf/provider-aws';\nimport EksCluster = __aws_eksCluster.EksCluster;");
    expect(source).to.include('import Cfg = __aws_iamRole.IamRoleConfig;');
    expect(source).to.include("import { release as __helm_release } from '@cdktf/provider-helm';");
    expect(source).to.include("import { Construct } from 'constructs';");
    expect(source).to.not.match(/provider-aws\/lib/);
  });
});
