/**
 * The shape of `config/project.yaml` and `config/<env>.yaml`. Every object is strict, so a
 * misspelled key is an error instead of a silently applied default (`site.enableWAF: true` used
 * to give a production site without WAF). Every field carries one valid example
 * (`.meta({ examples })`): `config-issues.ts` quotes it after a type error ("e.g. azCount: 2").
 * Hand-written messages stay where they say more than "expected X, got Y" (the fix, the reason).
 */
import { z } from 'zod';
import { AWS_REGIONS } from './aws-regions';
import { INTERFACE_ENDPOINT_SERVICES } from '../modules/shared/environment-config';

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const EXAMPLE_ACCOUNT = '123456789012';

/** One valid value, quoted after a type error; JSON Schema's `examples`, so tools can read it too. */
const example = <T extends z.ZodType>(schema: T, value: unknown): T => schema.meta({ examples: [value] });

function parseCidr(value: string): { base: number; bits: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const hostBits = 2 ** (32 - bits);
  if (base % hostBits !== 0) return undefined; // host bits set: 10.0.0.1/16 is not a network address
  return { base, bits };
}

const cidr = (what: string) =>
  z.string().refine((v) => parseCidr(v) !== undefined, {
    message: `${what} must be an IPv4 network in CIDR form with no host bits set, e.g. 10.20.0.0/16`,
  });

const nonEmpty = (fix: string) => z.string({ error: fix }).trim().min(1, { message: fix });

const region = example(
  z.string({ error: 'set an AWS region, e.g. eu-west-1' }).refine((r) => AWS_REGIONS.includes(r), {
    message: `unknown AWS region; use one of ${AWS_REGIONS.join(', ')}`,
  }),
  'eu-west-1',
);

const accountId = example(
  z
    .string({ error: `must be a quoted 12-digit AWS account id, e.g. "${EXAMPLE_ACCOUNT}" (quote it in YAML so leading zeros survive)` })
    .regex(/^\d{12}$/, { message: `must be exactly 12 digits, e.g. "${EXAMPLE_ACCOUNT}"` }),
  EXAMPLE_ACCOUNT,
);

const namePrefix = example(
  z.string({ error: 'set a short lowercase name prefix, e.g. qa' }).regex(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/, {
    message: 'must be 2-16 characters of lowercase letters, digits and hyphens, starting with a letter (it prefixes bucket and role names)',
  }),
  'qa',
);

/** Free-form: the keys are the user's own tag names, so this is a record, not a strict object. */
const tags = example(
  z.record(
    z.string().regex(/^[\w .:/=+@-]{1,128}$/, { message: 'tag keys are 1-128 characters of letters, digits, spaces and _.:/=+-@' }),
    z.string().max(256, { message: 'tag values are at most 256 characters' }),
  ),
  { Owner: 'platform-team' },
);

const iamPrincipalArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, {
  message: `must be an IAM role or user ARN, e.g. arn:aws:iam::${EXAMPLE_ACCOUNT}:role/Admin (not an assumed-role session ARN)`,
});

const github = z.strictObject({
  owner: example(
    nonEmpty('set the GitHub owner (user or organisation) whose Actions may deploy').regex(/^[A-Za-z0-9-]+$/, {
      message: 'GitHub owners are letters, digits and hyphens (no wildcards: the OIDC trust must name one repository)',
    }),
    'example-org',
  ),
  repo: example(
    nonEmpty('set the GitHub repository name').regex(/^[A-Za-z0-9._-]+$/, {
      message: 'GitHub repository names are letters, digits, ".", "_" and "-" (no wildcards)',
    }),
    'ai-chatbot-platform',
  ),
  defaultBranch: example(nonEmpty('set the default branch, e.g. main').regex(/^[A-Za-z0-9._/-]+$/, { message: 'not a valid branch name' }), 'main'),
});

const retention = example(
  z.number().int().refine((d) => LOG_RETENTION_DAYS.includes(d), {
    message: `CloudWatch accepts only ${LOG_RETENTION_DAYS.join(', ')} days`,
  }),
  30,
);

export const projectSchema = z.strictObject({
  namePrefix,
  github,
  state: z.strictObject({
    accountId,
    region,
    bootstrapBackend: example(
      z.enum(['local', 's3'], { error: 'bootstrapBackend must be "local" (first deploy) or "s3" (after migrating bootstrap state into the bucket)' }),
      'local',
    ).default('local'),
  }),
  tags: tags.default({}),
  logRetentionDays: retention.default(30),
  environments: example(
    z.array(z.string().regex(/^[a-z][a-z0-9]{1,9}$/, { message: 'environment names are 2-10 lowercase letters/digits, e.g. dev' })).min(1, {
      message: 'list at least one environment, e.g. [dev, prod]',
    }),
    ['dev', 'prod'],
  ),
});

const network = z.strictObject({
  vpcCidr: example(
    cidr('vpcCidr').refine((v) => {
      const bits = parseCidr(v)?.bits ?? 0;
      return bits >= 16 && bits <= 20;
    }, { message: 'the VPC needs a /16 to /20 (room for a public and a private subnet per AZ)' }),
    '10.20.0.0/16',
  ),
  azCount: example(
    z.number().int({ message: 'must be a whole number' }).min(2, { message: 'EKS needs subnets in at least 2 availability zones; use 2 to 6' }).max(6, {
      message: 'at most 6 availability zones are supported; use 2 to 6',
    }),
    2,
  ),
  natStrategy: example(z.enum(['single', 'per-az'], { error: 'natStrategy must be "single" (one shared NAT gateway) or "per-az" (one per zone)' }), 'per-az'),
  interfaceEndpoints: example(
    z.array(z.enum(INTERFACE_ENDPOINT_SERVICES, { error: `interface endpoints must be among ${INTERFACE_ENDPOINT_SERVICES.join(', ')}` })),
    ['ecr.api', 'ecr.dkr', 'sts'],
  ).default([...INTERFACE_ENDPOINT_SERVICES]),
});

const nodeGroup = z
  .strictObject({
    instanceTypes: example(
      z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { message: 'must be an EC2 instance type such as m7i.large' })).min(1, {
        message: 'list at least one instance type, e.g. [m7i.large]',
      }),
      ['m7i.large'],
    ),
    minSize: example(z.number().int().min(0), 2),
    desiredSize: example(z.number().int().min(0), 2),
    maxSize: example(z.number().int().min(1).max(100), 4),
    diskSizeGiB: example(z.number().int().min(20, { message: 'nodes need at least 20 GiB for images' }).max(1000), 50).default(50),
    capacityType: example(z.enum(['ON_DEMAND', 'SPOT']), 'ON_DEMAND').default('ON_DEMAND'),
  })
  .refine((n) => n.minSize <= n.desiredSize && n.desiredSize <= n.maxSize, {
    message: 'node group sizes must satisfy minSize <= desiredSize <= maxSize',
  });

const cluster = z.strictObject({
  version: example(
    z.string({ error: 'set the Kubernetes version as a quoted string, e.g. "1.33"' }).regex(/^1\.(2[89]|3\d)$/, {
      message: 'must be a supported EKS minor version as a quoted string, "1.28" to "1.39" (e.g. "1.33")',
    }),
    '1.33',
  ),
  publicEndpointCidrs: example(
    z.array(cidr('each publicEndpointCidrs entry')).min(1, {
      message: 'list the CIDRs allowed to reach the public API endpoint (e.g. your office or VPN egress /32)',
    }),
    ['203.0.113.0/24'],
  ),
  adminPrincipalArns: example(z.array(iamPrincipalArn), [`arn:aws:iam::${EXAMPLE_ACCOUNT}:role/PlatformAdmin`]).default([]),
  nodeGroup,
});

const bedrock = z.strictObject({
  primaryModelId: example(nonEmpty('set the Bedrock model or inference-profile id, e.g. us.amazon.nova-micro-v1:0'), 'eu.amazon.nova-micro-v1:0'),
  fallbackModelId: example(nonEmpty('set a fallback Bedrock model id, e.g. us.amazon.nova-lite-v1:0'), 'eu.amazon.nova-lite-v1:0'),
});

const site = z
  .strictObject({
    domainName: example(
      z.string().regex(/^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/, { message: 'must be a lowercase DNS name, e.g. chat.example.com' }),
      'chat.example.com',
    ).optional(),
    certificateArn: example(
      z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, {
        message: 'must be an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from us-east-1)',
      }),
      `arn:aws:acm:us-east-1:${EXAMPLE_ACCOUNT}:certificate/0f1e2d3c-0000-4000-8000-000000000000`,
    ).optional(),
    enableWaf: example(z.boolean(), true).default(false),
  })
  .default({ enableWaf: false })
  .refine((s) => (s.domainName === undefined) === (s.certificateArn === undefined), {
    message: 'set domainName and certificateArn together (the alias needs a certificate covering it), or neither',
  });

const registry = z
  .strictObject({
    keepTaggedImages: example(z.number().int().min(1).max(1000), 30).default(30),
    untaggedExpiryDays: example(z.number().int().min(1).max(365), 7).default(7),
  })
  .default({ keepTaggedImages: 30, untaggedExpiryDays: 7 });

export const environmentSchema = z
  .strictObject({
    production: example(z.boolean(), false).default(false),
    accountId,
    region,
    tags: tags.default({}),
    logRetentionDays: retention.optional(),
    network,
    cluster,
    bedrock,
    site,
    registry,
  })
  .superRefine((env, ctx) => {
    if (env.production && env.cluster.publicEndpointCidrs.some((c) => c.endsWith('/0'))) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster', 'publicEndpointCidrs'],
        message: 'a production cluster API must not be open to the internet (0.0.0.0/0); list your VPN or office egress CIDRs',
      });
    }
    if (env.bedrock.primaryModelId === env.bedrock.fallbackModelId) {
      ctx.addIssue({ code: 'custom', path: ['bedrock', 'fallbackModelId'], message: 'must differ from primaryModelId, or falling back changes nothing' });
    }
    if (env.production && !env.site.enableWaf) {
      ctx.addIssue({ code: 'custom', path: ['site', 'enableWaf'], message: 'production puts AWS WAF (managed rule groups) in front of the web UI; set enableWaf: true' });
    }
    if (env.production && env.network.natStrategy === 'single') {
      ctx.addIssue({ code: 'custom', path: ['network', 'natStrategy'], message: 'production needs "per-az" NAT so one zone failing does not cut egress for the others' });
    }
  });
