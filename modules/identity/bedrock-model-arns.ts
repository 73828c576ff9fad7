/**
 * Which Bedrock ARNs a caller needs to invoke a model id. A cross-region inference profile id
 * (`eu.amazon.nova-micro-v1:0`) is authorized twice: against the profile in the caller's region,
 * and against the foundation model in whichever region the profile routes the request to. Those
 * regions are AWS's choice and change over time, so the foundation-model ARN takes a region
 * wildcard (still one model, never `Resource: "*"`). The wildcard also matches the region-less
 * ARN that global profiles are authorized against.
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

/** The ARNs of one model id (see the file comment). */
export function bedrockModelArnsOf(modelId: string, region: string, accountId: string): string[] {
  if (!/^[a-z0-9][a-z0-9.:_-]*$/i.test(modelId)) {
    throw new Error(`bedrockModelArns: "${modelId}" is not a Bedrock model or inference-profile id (e.g. "eu.amazon.nova-micro-v1:0")`);
  }
  const prefix = inferenceProfilePrefix(modelId);
  if (prefix === undefined) return [`arn:aws:bedrock:${region}::foundation-model/${modelId}`];
  return [
    `arn:aws:bedrock:${region}:${accountId}:inference-profile/${modelId}`,
    `arn:aws:bedrock:*::foundation-model/${modelId.slice(prefix.length + 1)}`,
  ];
}

/** The ARNs of every model id, without duplicates, in order. */
export function bedrockModelArns(input: BedrockModelArnsInput): string[] {
  if (input.modelIds.length === 0) throw new Error('bedrockModelArns: at least one model id is needed');
  return [...new Set(input.modelIds.flatMap((id) => bedrockModelArnsOf(id, input.region, input.accountId)))];
}
