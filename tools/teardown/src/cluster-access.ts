/**
 * How the teardown reaches the environment's Kubernetes API: the cluster's endpoint and CA from
 * EKS (DescribeCluster), and a bearer token made the way `aws eks get-token` makes it (a
 * presigned sts:GetCallerIdentity URL carrying the cluster name in the signed `x-k8s-aws-id`
 * header), signed with the caller's own AWS credentials. EKS maps those credentials to the
 * caller's access entry (the CI deploy roles and the admins of config/<env>.yaml are cluster
 * admins). No kubeconfig is read or written; `--kubeconfig` (for example the file
 * `aws eks update-kubeconfig --name <cluster> --kubeconfig <file>` writes) is the alternative,
 * checked to point at the same cluster.
 */
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { KubeConfig } from '@kubernetes/client-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { TeardownError } from './teardown-errors';
import type { AwsClients } from '../../leak-report/src/aws-clients';
import { describeFailure } from '../../leak-report/src/check-failure';

export interface ClusterInfo {
  readonly name: string;
  readonly arn: string;
  /** `https://<id>.<region>.eks.amazonaws.com` (a loopback URL in tests). */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly caData?: string;
  readonly status: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** The cluster, or undefined when EKS has no cluster of that name (already destroyed). */
export async function describeCluster(clients: AwsClients, region: string, name: string): Promise<ClusterInfo | undefined> {
  let cluster;
  try {
    cluster = (await clients.eks(region).send(new DescribeClusterCommand({ name }))).cluster;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw new TeardownError(`could not describe the EKS cluster ${name} in ${region} (eks:DescribeCluster): ${describeFailure(error)}`);
  }
  if (!cluster?.endpoint) {
    throw new TeardownError(`EKS cluster ${name} has no API endpoint yet (status ${cluster?.status ?? 'unknown'}); wait until it is ACTIVE or DELETING, then run the teardown again`);
  }
  return { name, arn: cluster.arn ?? name, endpoint: cluster.endpoint, caData: cluster.certificateAuthority?.data, status: cluster.status ?? 'UNKNOWN', tags: cluster.tags ?? {} };
}

/** The prefix of an EKS bearer token (aws-iam-authenticator's format, version 1). */
export const TOKEN_PREFIX = 'k8s-aws-v1.';
/** How long the presigned URL is valid for; EKS accepts the token for 15 minutes from signing. */
const PRESIGN_SECONDS = 60;
/** A fresh token is made well before EKS stops accepting the last one. */
export const TOKEN_REFRESH_MS = 10 * 60_000;

/** `k8s-aws-v1.<base64url of the presigned STS URL>`, signed with the credentials of the STS client. */
export async function eksToken(clients: AwsClients, region: string, clusterName: string, signingDate = new Date()): Promise<string> {
  const sts = clients.sts(region);
  const host = `sts.${region}.amazonaws.com`;
  let credentials;
  try {
    credentials = await sts.config.credentials();
  } catch (error) {
    throw new TeardownError(`no AWS credentials to sign the Kubernetes token for ${clusterName}: ${describeFailure(error)}`);
  }
  const signer = new SignatureV4({ credentials, region, service: 'sts', sha256: sts.config.sha256, applyChecksum: false });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { 'host': host, 'x-k8s-aws-id': clusterName },
    },
    { expiresIn: PRESIGN_SECONDS, signingDate },
  );
  const query = Object.entries(signed.query ?? {})
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`))
    .join('&');
  const url = `https://${host}/?${query}`;
  return `${TOKEN_PREFIX}${Buffer.from(url, 'utf8').toString('base64url')}`;
}

/** A kubeconfig for `cluster` with a static bearer token (no exec plugin, nothing on disk). */
export function kubeConfigForCluster(cluster: ClusterInfo, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: cluster.name, server: cluster.endpoint, caData: cluster.caData, skipTLSVerify: false }],
    users: [{ name: 'teardown', token }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'teardown' }],
    currentContext: cluster.name,
  });
  return kc;
}

/**
 * A kubeconfig file's context (the current one, or `context`), refused unless it points at the
 * environment's cluster: deleting the root app of the wrong cluster is not a mistake to allow.
 */
export function kubeConfigFromFile(file: string, context: string | undefined, cluster: ClusterInfo): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (error) {
    throw new TeardownError(`--kubeconfig ${file}: cannot read it (${(error as Error).message})`);
  }
  if (context !== undefined) {
    if (!kc.getContextObject(context)) throw new TeardownError(`--context ${context}: no such context in ${file}; it has ${kc.getContexts().map((c) => c.name).join(', ') || 'none'}`);
    kc.setCurrentContext(context);
  }
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new TeardownError(`--kubeconfig ${file}: context "${kc.getCurrentContext()}" names no cluster server`);
  if (normalizeServer(server) !== normalizeServer(cluster.endpoint)) {
    throw new TeardownError(
      `--kubeconfig ${file}: context "${kc.getCurrentContext()}" points at ${server}, not at cluster ${cluster.name} (${cluster.endpoint}); ` +
        `write one for it with: aws eks update-kubeconfig --name ${cluster.name} --region <region> --kubeconfig ${file}`,
    );
  }
  return kc;
}

function normalizeServer(url: string): string {
  return url.toLowerCase().replace(/\/+$/, '').replace(/:443$/, '');
}
