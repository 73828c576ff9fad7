import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Construct } from 'constructs';

/** One parameter of an environment, below its path prefix. */
export interface PlatformParameter {
  /** Name relative to the path prefix, e.g. `chatbot/bedrock/primary-model-id` (no leading slash). */
  readonly name: string;
  readonly value: string;
  /** What the value is for; shown in the SSM console. */
  readonly description: string;
  /**
   * Store as a SecureString encrypted with the construct's KMS key.
   * @default false
   */
  readonly secure?: boolean;
}

export interface PlatformParametersProps {
  /** Path every parameter lives under, from `parameterPathPrefix()`, e.g. `/qa/dev`. */
  readonly pathPrefix: string;
  /** The parameters to create; names must be unique. */
  readonly parameters: readonly PlatformParameter[];
}

const PARAMETER_DEFAULTS = {
  secure: false,
} satisfies Partial<PlatformParameter>;

const NAME_PATTERN = /^[a-zA-Z0-9_.\-/]+$/;

/** Problems with the names of `parameters` (empty when they are all valid), each naming its parameter. */
export function parameterNameProblems(parameters: readonly PlatformParameter[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { name } of parameters) {
    if (name.startsWith('/')) problems.push(`parameter "${name}": the name is relative to the path prefix; drop the leading "/"`);
    else if (!NAME_PATTERN.test(name)) problems.push(`parameter "${name}": use only letters, digits and _ . - /`);
    else if (name.endsWith('/') || name.includes('//')) problems.push(`parameter "${name}": every path segment needs a name (no "//" or trailing "/")`);
    if (seen.has(name)) problems.push(`parameter "${name}": defined more than once`);
    seen.add(name);
  }
  return problems;
}

/**
 * The SSM parameters of an environment, under one path prefix (the one External Secrets may read),
 * with a dedicated, rotating KMS key for the SecureStrings.
 */
export class PlatformParameters extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;
  /** Parameters keyed by their relative name. */
  readonly parameters: Record<string, SsmParameter>;
  readonly pathPrefix: string;

  constructor(scope: Construct, id: string, props: PlatformParametersProps) {
    super(scope, id);
    if (!/^(\/[a-zA-Z0-9_.-]+)+$/.test(props.pathPrefix)) {
      throw new Error(`PlatformParameters: pathPrefix "${props.pathPrefix}" must look like "/qa/dev" (leading "/", no trailing "/")`);
    }
    const problems = parameterNameProblems(props.parameters);
    if (problems.length > 0) throw new Error(`PlatformParameters: ${problems.join('; ')}`);
    this.pathPrefix = props.pathPrefix;

    const slug = props.pathPrefix.slice(1).replace(/\//g, '-');
    // No custom key policy: the default one delegates to IAM in this account, so access is what
    // roles' policies grant (External Secrets: decrypt through SSM only).
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the SecureString parameters under ${props.pathPrefix}`,
      enableKeyRotation: true,
    });
    new KmsAlias(this, 'alias', { name: `alias/${slug}-params`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;

    this.parameters = {};
    for (const given of props.parameters) {
      const parameter = { ...PARAMETER_DEFAULTS, ...given };
      this.parameters[parameter.name] = new SsmParameter(this, `parameter-${parameter.name}`, {
        name: `${props.pathPrefix}/${parameter.name}`,
        description: parameter.description,
        type: parameter.secure ? 'SecureString' : 'String',
        value: parameter.value,
        keyId: parameter.secure ? this.key.arn : undefined,
      });
    }
  }
}
