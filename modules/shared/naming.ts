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

/** The bootstrap stack's name, also its state key's folder once its state moves into the bucket. */
export const BOOTSTRAP_STACK_NAME = 'bootstrap';

/**
 * The stacks of one environment, in deployment order (stacks/app.ts): `platform-<env>`,
 * `addons-<env>`. The environment's deploy role may write the state of these and nothing else.
 */
export function environmentStackNames(environment: string): readonly [platform: string, addons: string] {
  return [`platform-${environment}`, `addons-${environment}`];
}

/**
 * The CI roles (docs/ci-workflows.md, "Trust model"): one read-only `plan` role for the account,
 * and per environment a deploy role (`apply`) and an image-push role (`image`).
 */
export type CiRoleKind = 'plan' | 'apply' | 'image';

/**
 * `<prefix>-github-plan`, `<prefix>-github-apply-<env>`, `<prefix>-github-image-<env>`. None of them
 * matches `<prefix>-<env>-*`, the only names the deploy roles may create or change.
 */
export function ciRoleName(namePrefix: string, kind: CiRoleKind, environment?: string): string {
  if (kind === 'plan') return `${namePrefix}-github-plan`;
  if (environment === undefined) throw new Error(`ciRoleName: the ${kind} role is per environment; name the environment`);
  return `${namePrefix}-github-${kind}-${environment}`;
}

export function ciRoleArn(namePrefix: string, accountId: string, kind: CiRoleKind, environment?: string): string {
  return `arn:aws:iam::${accountId}:role/${ciRoleName(namePrefix, kind, environment)}`;
}

/**
 * The permissions boundary of an environment (a managed policy made by bootstrap): every role the
 * platform creates carries it, and the deploy role may create roles only with it attached.
 */
export function permissionsBoundaryName(namePrefix: string, environment: string): string {
  return `${namePrefix}-permissions-boundary-${environment}`;
}

export function permissionsBoundaryArn(namePrefix: string, accountId: string, environment: string): string {
  return `arn:aws:iam::${accountId}:policy/${permissionsBoundaryName(namePrefix, environment)}`;
}

/** Base name of an environment's resources, e.g. `qa-dev`. */
export function environmentResourceName(namePrefix: string, environment: string): string {
  return `${namePrefix}-${environment}`;
}

/** The chatbot's ECR repository of an environment (`<prefix>-<env>/chatbot`): the only one its image role may push to. */
export function chatbotRepositoryName(namePrefix: string, environment: string): string {
  return `${environmentResourceName(namePrefix, environment)}/chatbot`;
}

/** SSM parameter path root of an environment: External Secrets may read only below it. */
export function parameterPathPrefix(namePrefix: string, environment: string): string {
  return `/${namePrefix}/${environment}`;
}

/** CloudWatch metric namespace of an environment's chatbot metrics (the ADOT role is scoped to it). */
export function metricNamespace(namePrefix: string, environment: string): string {
  return `${namePrefix}/${environment}/chatbot`;
}

/** The service that assumes an alarm chat role: the channel role's trust and the deploy role's PassRole name it. */
export const ALARM_CHAT_SERVICE = 'chatbot.amazonaws.com';

/**
 * The role AWS Chatbot assumes for an environment's alarm channels (modules/observability/alarm-chat-channels.ts),
 * from the environment's base name: `qa-dev` -> `qa-dev-alarm-chat`. Not `<name>-chatbot`, which
 * reads as the chatbot service's own role (`<name>-chatbot-bedrock`). The environment's deploy
 * role may pass it to AWS Chatbot only.
 */
export function alarmChatRoleName(environmentName: string): string {
  return `${environmentName}-alarm-chat`;
}

/**
 * Prefix of an environment's AWS Chatbot channel configurations (`qa-dev-alarms-slack-C0123ABCD`),
 * from its base name: what the deploy role may change (`chat-configuration/<type>/<prefix>*`).
 */
export function alarmChatConfigurationPrefix(environmentName: string): string {
  return `${environmentName}-alarms-`;
}
