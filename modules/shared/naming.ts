/**
 * Names that two stacks must agree on without a cross-stack reference. The `bootstrap` stack makes
 * the state bucket and the CI roles; the others need their names in places where Terraform accepts
 * no reference at all (the `backend "s3"` block) or where bootstrap's state may still be local (the
 * CI apply role in EKS access entries). One function per name, used by both sides, so nothing is
 * ever copied by hand.
 */

/** The Terraform state bucket: account and region make the global S3 name unique. */
export function stateBucketName(namePrefix: string, accountId: string, region: string): string {
  return `${namePrefix}-tfstate-${accountId}-${region}`;
}

/** State object key of one stack: one key per environment and stack (`platform-dev/terraform.tfstate`). */
export function stateKey(stackName: string): string {
  return `${stackName}/terraform.tfstate`;
}

/** What a CI role may do: `plan` is read-only, `apply` deploys. */
export type CiRoleKind = 'plan' | 'apply';

export function ciRoleName(namePrefix: string, kind: CiRoleKind): string {
  return `${namePrefix}-github-${kind}`;
}

export function ciRoleArn(namePrefix: string, accountId: string, kind: CiRoleKind): string {
  return `arn:aws:iam::${accountId}:role/${ciRoleName(namePrefix, kind)}`;
}

/** Base name of an environment's resources, e.g. `qa-dev`. */
export function environmentResourceName(namePrefix: string, environment: string): string {
  return `${namePrefix}-${environment}`;
}

/** SSM parameter path root of an environment: External Secrets may read only below it. */
export function parameterPathPrefix(namePrefix: string, environment: string): string {
  return `/${namePrefix}/${environment}`;
}

/** CloudWatch metric namespace of an environment's chatbot metrics (the ADOT role is scoped to it). */
export function metricNamespace(namePrefix: string, environment: string): string {
  return `${namePrefix}/${environment}/chatbot`;
}
