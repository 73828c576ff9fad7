/**
 * Which Bedrock ARNs a caller needs to invoke a model id. A cross-region inference profile id
 * (`eu.amazon.nova-micro-v1:0`) is authorized twice: against the profile in the caller's region,
 * and against the foundation model in whichever region the profile routes the request to. Those
 * regions are AWS's choice and change over time, so the foundation-model ARN takes a region
 * wildcard (still one model, never `Resource: "*"`). The wildcard also matches the region-less
 * ARN that global profiles are authorized against. What keeps that wildcard narrow is a
 * `bedrock:InferenceProfileArn` condition (modules/identity/chatbot-bedrock-access.ts): the model
 * is reachable only through a configured profile, never invoked directly in some other region.
 */

/**
 * Prefixes of system-defined cross-region inference profiles (geography or `global`). Longest
 * first, so `us-gov.` is not read as `us`.
 */
export const INFERENCE_PROFILE_PREFIXES = ['us-gov', 'global', 'apac', 'us', 'eu', 'jp', 'au', 'ca'] as const;

export interface BedrockModelArnsInput {
  /** Region the caller invokes Bedrock in. */
  readonly region: string;
  /** Account the caller runs in (inference profiles are account-scoped ARNs). */
  readonly accountId: string;
  /** Model or inference-profile ids, e.g. primary and fallback. */
  readonly modelIds: readonly string[];
}

/** The profile prefix of `modelId` (`eu`), or undefined for a plain foundation-model id. */
export function inferenceProfilePrefix(modelId: string): string | undefined {
  return INFERENCE_PROFILE_PREFIXES.find((prefix) => modelId.startsWith(`${prefix}.`));
}

/** What invoking one model id is authorized against (see the file comment). */
export type BedrockModelGrant =
  | { readonly kind: 'inference-profile'; readonly profileArn: string; readonly foundationModelArn: string }
  | { readonly kind: 'foundation-model'; readonly foundationModelArn: string };

/** The grant of one model id: its inference profile and routed model, or its foundation model. */
export function bedrockModelGrantOf(modelId: string, region: string, accountId: string): BedrockModelGrant {
  if (!/^[a-z0-9][a-z0-9.:_-]*$/i.test(modelId)) {
    throw new Error(`bedrockModelArns: "${modelId}" is not a Bedrock model or inference-profile id (e.g. "eu.amazon.nova-micro-v1:0")`);
  }
  const prefix = inferenceProfilePrefix(modelId);
  if (prefix === undefined) return { kind: 'foundation-model', foundationModelArn: `arn:aws:bedrock:${region}::foundation-model/${modelId}` };
  return {
    kind: 'inference-profile',
    profileArn: `arn:aws:bedrock:${region}:${accountId}:inference-profile/${modelId}`,
    foundationModelArn: `arn:aws:bedrock:*::foundation-model/${modelId.slice(prefix.length + 1)}`,
  };
}

/** The ARNs of one model id, in the order they are granted (profile first). */
export function bedrockModelArnsOf(modelId: string, region: string, accountId: string): string[] {
  const grant = bedrockModelGrantOf(modelId, region, accountId);
  return grant.kind === 'inference-profile' ? [grant.profileArn, grant.foundationModelArn] : [grant.foundationModelArn];
}

/** Every model id's ARNs, grouped by how they may be invoked, without duplicates, in order. */
export interface BedrockModelGrants {
  /** Inference profiles in the caller's region: invoked directly. */
  readonly inferenceProfileArns: string[];
  /** Foundation models behind those profiles (region wildcard): invoked only through one of them. */
  readonly routedFoundationModelArns: string[];
  /** Foundation models configured by their own id, in the caller's region: invoked directly. */
  readonly foundationModelArns: string[];
}

export function bedrockModelGrants(input: BedrockModelArnsInput): BedrockModelGrants {
  if (input.modelIds.length === 0) throw new Error('bedrockModelArns: at least one model id is needed');
  const grants = input.modelIds.map((id) => bedrockModelGrantOf(id, input.region, input.accountId));
  const unique = (arns: string[]) => [...new Set(arns)];
  return {
    inferenceProfileArns: unique(grants.flatMap((g) => (g.kind === 'inference-profile' ? [g.profileArn] : []))),
    routedFoundationModelArns: unique(grants.flatMap((g) => (g.kind === 'inference-profile' ? [g.foundationModelArn] : []))),
    foundationModelArns: unique(grants.flatMap((g) => (g.kind === 'foundation-model' ? [g.foundationModelArn] : []))),
  };
}
