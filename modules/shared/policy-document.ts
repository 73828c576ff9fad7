/**
 * IAM policy documents as typed objects, rendered to JSON once. Tokens (ARNs of resources in the
 * same stack) may appear inside strings; cdktf resolves them to `${...}` interpolations that
 * Terraform fills in. Keep lists literal: a list token cannot be rendered into JSON here.
 */

export type ConditionOperator = string;
/** `{ StringEquals: { "aws:SourceArn": "..." } }` */
export type PolicyCondition = Readonly<Record<ConditionOperator, Readonly<Record<string, string | readonly string[] | boolean>>>>;

export type PolicyPrincipal =
  | '*'
  | Readonly<{ AWS?: string | readonly string[]; Service?: string | readonly string[]; Federated?: string | readonly string[] }>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: PolicyPrincipal;
  readonly Condition?: PolicyCondition;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  if (statements.length === 0) throw new Error('policyDocument: a policy needs at least one statement');
  return { Version: '2012-10-17', Statement: statements };
}

/** Render to the JSON string the AWS provider takes (`policy`, `assume_role_policy`). */
export function policyJson(...statements: PolicyStatement[]): string {
  return JSON.stringify(policyDocument(...statements));
}

/** Trust policy for an AWS service principal (`eks.amazonaws.com`, `pods.eks.amazonaws.com`...). */
export function serviceTrustPolicy(service: string, actions: readonly string[] = ['sts:AssumeRole']): string {
  return policyJson({ Effect: 'Allow', Principal: { Service: service }, Action: actions });
}

/** Deny every request to a bucket that is not made over TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
