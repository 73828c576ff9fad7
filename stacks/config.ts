/**
 * Environment configuration: read once from `config/*.yaml`, validated once, handed to the stacks
 * as typed objects. Every error names the file, the field and the fix; `stacks/main.ts` prints
 * them and exits non-zero instead of throwing a stack trace.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AWS_REGIONS } from './aws-regions';
import { INTERFACE_ENDPOINT_SERVICES, type EnvironmentConfig, type ProjectConfig } from '../modules/shared/environment-config';

/** Raised for any invalid configuration; its message lists every problem found. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

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

const region = z.string({ error: 'set an AWS region, e.g. eu-west-1' }).refine((r) => AWS_REGIONS.includes(r), {
  message: `unknown AWS region; use one of ${AWS_REGIONS.join(', ')}`,
});

const accountId = z
  .string({ error: 'must be a quoted 12-digit AWS account id, e.g. "123456789012" (quote it in YAML so leading zeros survive)' })
  .regex(/^\d{12}$/, { message: 'must be exactly 12 digits, e.g. "123456789012"' });

const namePrefix = z
  .string({ error: 'set a short lowercase name prefix, e.g. qa' })
  .regex(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/, {
    message: 'must be 2-16 characters of lowercase letters, digits and hyphens, starting with a letter (it prefixes bucket and role names)',
  });

const tags = z.record(z.string().regex(/^[\w .:/=+@-]{1,128}$/, { message: 'tag keys are 1-128 characters of letters, digits, spaces and _.:/=+-@' }), z.string().max(256, { message: 'tag values are at most 256 characters' }));

const iamPrincipalArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, {
    message: 'must be an IAM role or user ARN, e.g. arn:aws:iam::123456789012:role/Admin (not an assumed-role session ARN)',
  });

const github = z.object({
  owner: nonEmpty('set the GitHub owner (user or organisation) whose Actions may deploy').regex(/^[A-Za-z0-9-]+$/, {
    message: 'GitHub owners are letters, digits and hyphens (no wildcards: the OIDC trust must name one repository)',
  }),
  repo: nonEmpty('set the GitHub repository name').regex(/^[A-Za-z0-9._-]+$/, {
    message: 'GitHub repository names are letters, digits, ".", "_" and "-" (no wildcards)',
  }),
  defaultBranch: nonEmpty('set the default branch, e.g. main').regex(/^[A-Za-z0-9._/-]+$/, { message: 'not a valid branch name' }),
});

const retention = z.number({ error: 'set log retention in days' }).refine((d) => LOG_RETENTION_DAYS.includes(d), {
  message: `CloudWatch accepts only ${LOG_RETENTION_DAYS.join(', ')} days`,
});

const projectSchema = z.object({
  namePrefix,
  github,
  state: z.object({
    accountId,
    region,
    bootstrapBackend: z.enum(['local', 's3'], { error: 'bootstrapBackend must be "local" (first deploy) or "s3" (after migrating bootstrap state into the bucket)' }).default('local'),
  }),
  tags: tags.default({}),
  logRetentionDays: retention.default(30),
  environments: z.array(z.string().regex(/^[a-z][a-z0-9]{1,9}$/, { message: 'environment names are 2-10 lowercase letters/digits, e.g. dev' })).min(1, {
    message: 'list at least one environment, e.g. [dev, prod]',
  }),
});

const environmentSchema = z
  .object({
    production: z.boolean().default(false),
    accountId,
    region,
    tags: tags.default({}),
    logRetentionDays: retention.optional(),
    network: z.object({
      vpcCidr: cidr('vpcCidr').refine((v) => {
        const bits = parseCidr(v)?.bits ?? 0;
        return bits >= 16 && bits <= 20;
      }, { message: 'the VPC needs a /16 to /20 (room for a public and a private subnet per AZ)' }),
      azCount: z.number().int({ message: 'must be a whole number' }).min(2, { message: 'EKS needs subnets in at least 2 availability zones; use 2 to 6' }).max(6, {
        message: 'at most 6 availability zones are supported; use 2 to 6',
      }),
      natStrategy: z.enum(['single', 'per-az'], { error: 'natStrategy must be "single" (one shared NAT gateway) or "per-az" (one per zone)' }),
      interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES, {
        error: `interface endpoints must be among ${INTERFACE_ENDPOINT_SERVICES.join(', ')}`,
      })).default([...INTERFACE_ENDPOINT_SERVICES]),
    }),
    cluster: z.object({
      version: z.string({ error: 'set the Kubernetes version as a quoted string, e.g. "1.33"' }).regex(/^1\.(2[89]|3\d)$/, {
        message: 'must be a supported EKS minor version as a quoted string, "1.28" to "1.39" (e.g. "1.33")',
      }),
      publicEndpointCidrs: z.array(cidr('each publicEndpointCidrs entry')).min(1, {
        message: 'list the CIDRs allowed to reach the public API endpoint (e.g. your office or VPN egress /32)',
      }),
      adminPrincipalArns: z.array(iamPrincipalArn).default([]),
      nodeGroup: z
        .object({
          instanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { message: 'must be an EC2 instance type such as m7i.large' })).min(1, {
            message: 'list at least one instance type, e.g. [m7i.large]',
          }),
          minSize: z.number().int().min(0),
          desiredSize: z.number().int().min(0),
          maxSize: z.number().int().min(1).max(100),
          diskSizeGiB: z.number().int().min(20, { message: 'nodes need at least 20 GiB for images' }).max(1000).default(50),
          capacityType: z.enum(['ON_DEMAND', 'SPOT']).default('ON_DEMAND'),
        })
        .refine((n) => n.minSize <= n.desiredSize && n.desiredSize <= n.maxSize, {
          message: 'node group sizes must satisfy minSize <= desiredSize <= maxSize',
        }),
    }),
    bedrock: z.object({
      primaryModelId: nonEmpty('set the Bedrock model or inference-profile id, e.g. us.amazon.nova-micro-v1:0'),
      fallbackModelId: nonEmpty('set a fallback Bedrock model id, e.g. us.amazon.nova-lite-v1:0'),
    }),
    site: z
      .object({
        domainName: z.string().regex(/^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/, { message: 'must be a lowercase DNS name, e.g. chat.example.com' }).optional(),
        certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, {
          message: 'must be an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from us-east-1)',
        }).optional(),
        enableWaf: z.boolean().default(false),
      })
      .default({ enableWaf: false })
      .refine((s) => (s.domainName === undefined) === (s.certificateArn === undefined), {
        message: 'set domainName and certificateArn together (the alias needs a certificate covering it), or neither',
      }),
    registry: z
      .object({
        keepTaggedImages: z.number().int().min(1).max(1000).default(30),
        untaggedExpiryDays: z.number().int().min(1).max(365).default(7),
      })
      .default({ keepTaggedImages: 30, untaggedExpiryDays: 7 }),
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

function formatIssues(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(file)';
    return `${file}: ${path}: ${issue.message}`;
  });
}

function readYaml(file: string): unknown {
  if (!existsSync(file)) throw new ConfigError([`${file}: file not found (each environment listed in config/project.yaml needs config/<name>.yaml)`]);
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
}

/** Raw documents, as parsed from YAML (or built by tests). */
export interface RawConfig {
  readonly project: unknown;
  readonly environments: Readonly<Record<string, unknown>>;
}

/** Validate raw documents into the typed project configuration, collecting every problem. */
export function resolveConfig(raw: RawConfig, fileOf: (name: string) => string = (n) => `config/${n}.yaml`): ProjectConfig {
  const project = projectSchema.safeParse(raw.project ?? {});
  if (!project.success) throw new ConfigError(formatIssues(fileOf('project'), project.error));
  const problems: string[] = [];
  const environments: EnvironmentConfig[] = [];
  for (const name of project.data.environments) {
    if (!(name in raw.environments)) {
      problems.push(`${fileOf(name)}: file not found (config/project.yaml lists environment "${name}")`);
      continue;
    }
    const env = environmentSchema.safeParse(raw.environments[name] ?? {});
    if (!env.success) {
      problems.push(...formatIssues(fileOf(name), env.error));
      continue;
    }
    if (env.data.accountId !== project.data.state.accountId) {
      problems.push(
        `${fileOf(name)}: accountId: ${env.data.accountId} differs from state.accountId ${project.data.state.accountId} in ${fileOf('project')}; ` +
          'the bootstrap stack makes the CI roles and the OIDC provider in the state account, so every environment must live there',
      );
      continue;
    }
    const { logRetentionDays, tags: envTags, ...rest } = env.data;
    environments.push({
      ...rest,
      name,
      namePrefix: project.data.namePrefix,
      github: project.data.github,
      state: project.data.state,
      tags: { ...project.data.tags, ...envTags },
      logRetentionDays: logRetentionDays ?? project.data.logRetentionDays,
    });
  }
  const cidrs = new Map<string, string>();
  for (const env of environments) {
    const clash = cidrs.get(env.network.vpcCidr);
    if (clash) problems.push(`${fileOf(env.name)}: network.vpcCidr: ${env.network.vpcCidr} is also used by ${clash}; give each environment its own range so they can be peered later`);
    cidrs.set(env.network.vpcCidr, env.name);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...project.data, environments };
}

/** Read `config/project.yaml` and one `config/<env>.yaml` per listed environment. */
export function loadConfig(configDir: string): ProjectConfig {
  const fileOf = (name: string) => join(configDir, `${name}.yaml`);
  const project = readYaml(fileOf('project'));
  const listed = projectSchema.shape.environments.safeParse((project as { environments?: unknown } | null)?.environments);
  const environments: Record<string, unknown> = {};
  for (const name of listed.success ? listed.data : []) {
    if (existsSync(fileOf(name))) environments[name] = readYaml(fileOf(name));
  }
  return resolveConfig({ project, environments }, fileOf);
}
