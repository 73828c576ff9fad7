/**
 * The shape of `config/project.yaml` and `config/<env>.yaml`. Every object is strict, so a
 * misspelled key is an error instead of a silently applied default (`site.enableWAF: true` used
 * to give a production site without WAF). Every field carries one valid example
 * (`.meta({ examples })`): `config-issues.ts` quotes it after a type error ("e.g. azCount: 2").
 * Hand-written messages stay where they say more than "expected X, got Y" (the fix, the reason).
 */
import { z } from 'zod';
import { AWS_REGIONS } from './aws-regions';
import { karpenterProblems, karpenterSchema } from './karpenter-config';
import { scheduleProblems, scheduleSchema } from './schedule-config';
import { example } from './schema-example';
import {
  ALARM_SEVERITIES,
  BASELINE_WAF_RULE_GROUPS,
  COGNITO_ADVANCED_SECURITY_MODES,
  COGNITO_MFA_MODES,
  EDGE_AUTH_PROVIDERS,
  EDGE_DNS_PROVIDERS,
  INTERFACE_ENDPOINT_SERVICES,
  WAF_MANAGED_RULE_GROUPS,
  WEEKDAYS,
} from '../modules/shared/environment-config';

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const EXAMPLE_ACCOUNT = '123456789012';

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

/** An SLO objective or a ratio: a fraction strictly between 0 and 1 (0 and 1 make no budget or no alarm). */
const fraction = (what: string, value: number) =>
  example(
    z.number({ error: `${what} is a number between 0 and 1, e.g. ${value}` }).refine((v) => v > 0 && v < 1, {
      message: `${what} must be a fraction strictly between 0 and 1 (write 99 % as 0.99)`,
    }),
    value,
  );

const positiveSeconds = (what: string, value: number) =>
  example(z.number({ error: `${what} is a number of seconds, e.g. ${value}` }).refine((v) => v > 0, { message: `${what} must be more than 0 seconds` }), value);

/** Minutes of 1-minute alarm periods: CloudWatch evaluates at most one day of periods shorter than an hour. */
const alarmMinutes = (value: number) =>
  example(z.number().int({ message: 'must be a whole number of minutes' }).min(1).max(1440, { message: 'CloudWatch evaluates at most 1440 one-minute periods (one day)' }), value);

/** Teams' channel id, plain (`19:<id>@thread.tacv2`) or percent-encoded as in a channel link (`19%3a<id>%40thread.tacv2`). */
const TEAMS_CHANNEL_ID = /^19(?::|%3[aA])[A-Za-z0-9_=+/.,-]+(?:@|%40)thread\.(?:tacv2|skype)$/;

/**
 * A valid Teams channel id in the form the AWS Chatbot API takes: CreateMicrosoftTeamsChannelConfiguration's
 * ChannelId pattern is `...%3[aA]...%40...` (the API model in botocore), so `:` and `@` go encoded.
 */
export function encodedTeamsChannelId(channelId: string): string {
  return channelId.replace(/^19(?::|%3[aA])/, '19%3a').replace(/(?:@|%40)(thread\.(?:tacv2|skype))$/, '%40$1');
}

const EXAMPLE_TEAMS_TEAM = '00000000-1111-4222-8333-444444444444';
const EXAMPLE_TEAMS_TENANT = '55555555-6666-4777-8888-999999999999';
const EXAMPLE_TEAMS_CHANNEL = '19:0123456789abcdef0123456789abcdef@thread.tacv2';

/**
 * A Slack channel AWS Chatbot posts alarms to. The ids are what the AWS Chatbot API takes
 * (CreateSlackChannelConfiguration: team `[0-9A-Z]+`, channel `[A-Za-z0-9]+`), narrowed to Slack's
 * own shapes so a channel name (`#oncall`) or a URL is caught here, not at apply.
 */
const slackChannel = z.strictObject({
  workspaceId: example(
    z.string({ error: 'set the Slack workspace (team) id, e.g. T0123ABCD' }).regex(/^T[0-9A-Z]{1,31}$/, {
      message: 'must be a Slack workspace (team) id: T and capital letters or digits, e.g. T0123ABCD (AWS Chatbot console > Slack workspace details, or the T... part of the workspace\'s app.slack.com/client/ URL)',
    }),
    'T0123ABCD',
  ),
  channelId: example(
    z.string({ error: 'set the Slack channel id, e.g. C0123ABCD' }).regex(/^[CG][0-9A-Z]{1,31}$/, {
      message: 'must be a Slack channel id, not its name: C (or G) and capital letters or digits, e.g. C0123ABCD (in Slack: the channel\'s name > About, "Channel ID" at the bottom)',
    }),
    'C0123ABCD',
  ),
});

const uuid = (what: string, where: string, value: string) =>
  example(
    z.string({ error: `set the ${what}, a UUID such as ${value}` }).regex(/^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/, {
      message: `must be the ${what}, a UUID such as ${value} (${where})`,
    }),
    value,
  );

/**
 * A Microsoft Teams channel AWS Chatbot posts alarms to. The channel id is Teams' `19:<id>@thread.tacv2`
 * (or `@thread.skype`), written plainly or percent-encoded as in a channel link (`19%3a...%40...`);
 * the AWS Chatbot API takes only the encoded form, which stacks/config.ts makes of either.
 */
const teamsChannel = z.strictObject({
  teamId: uuid('Teams team id', '"groupId=" in the link Teams copies with "Get link to channel"', EXAMPLE_TEAMS_TEAM),
  channelId: example(
    z.string({ error: `set the Teams channel id, e.g. ${EXAMPLE_TEAMS_CHANNEL}` }).regex(TEAMS_CHANNEL_ID, {
      message: `must be a Teams channel id, 19:<id>@thread.tacv2, e.g. ${EXAMPLE_TEAMS_CHANNEL} (in Teams: the channel's ... > Get link to channel, the part after /channel/ up to the next /; its %3a and %40 may stay encoded)`,
    }),
    EXAMPLE_TEAMS_CHANNEL,
  ),
  tenantId: uuid('Microsoft Entra tenant id', '"tenantId=" in the link Teams copies with "Get link to channel"', EXAMPLE_TEAMS_TENANT),
});

/** The keys of a notification target that say where it goes: exactly one per target. */
const NOTIFICATION_ENDPOINTS = ['email', 'webhookUrl', 'chatbotChannelArn', 'slack', 'teams'] as const;

const notificationTarget = z
  .strictObject({
    email: example(z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'must be an e-mail address, e.g. oncall@example.com' }), 'oncall@example.com').optional(),
    webhookUrl: example(
      z.string().refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', {
        message: 'must be an https:// URL of an endpoint that confirms SNS subscriptions (PagerDuty, Opsgenie); SNS sends no secrets over plain http',
      }),
      'https://events.pagerduty.com/integration/0123456789abcdef/enqueue',
    ).optional(),
    chatbotChannelArn: example(
      z.string().regex(/^arn:aws[a-z-]*:chatbot::\d{12}:chat-configuration\/(slack-channel|microsoft-teams-channel)\/[\w-]+$/, {
        message: `must be an AWS Chatbot channel configuration ARN, e.g. arn:aws:chatbot::${EXAMPLE_ACCOUNT}:chat-configuration/slack-channel/oncall`,
      }),
      `arn:aws:chatbot::${EXAMPLE_ACCOUNT}:chat-configuration/slack-channel/oncall`,
    ).optional(),
    slack: example(slackChannel, { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }).optional(),
    teams: example(teamsChannel, { teamId: EXAMPLE_TEAMS_TEAM, channelId: EXAMPLE_TEAMS_CHANNEL, tenantId: EXAMPLE_TEAMS_TENANT }).optional(),
    severities: example(
      z.array(z.enum(ALARM_SEVERITIES, { error: 'severities are "page" (wake someone now) and "ticket" (next working day)' })).min(1, {
        message: 'list at least one severity, or leave severities out for both',
      }),
      ['page', 'ticket'],
    ).default([...ALARM_SEVERITIES]),
  })
  .refine((t) => NOTIFICATION_ENDPOINTS.filter((key) => t[key] !== undefined).length === 1, {
    message: `each notification target sets exactly one of ${NOTIFICATION_ENDPOINTS.join(', ')}`,
  });

const bedrockPrice = z.strictObject({
  modelId: example(nonEmpty('set the model id the price is for, e.g. eu.amazon.nova-micro-v1:0'), 'eu.amazon.nova-micro-v1:0'),
  inputPer1kTokens: example(z.number().min(0, { message: 'a price cannot be negative' }), 0.000046),
  outputPer1kTokens: example(z.number().min(0, { message: 'a price cannot be negative' }), 0.000184),
});

const businessHours = z
  .strictObject({
    days: example(z.array(z.enum(WEEKDAYS)).min(1, { message: 'list the days with traffic, e.g. [mon, tue, wed, thu, fri]' }), ['mon', 'tue', 'wed', 'thu', 'fri']).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    startHourUtc: example(z.number().int().min(0).max(23), 8),
    endHourUtc: example(z.number().int().min(1).max(24), 18),
  })
  .refine((h) => h.startHourUtc < h.endHourUtc, { message: 'startHourUtc must be before endHourUtc (hours in UTC; CloudWatch metric math has no time zones)' });

/**
 * The `slo:` section. Objectives have no default here: it depends on `production` (stacks/config.ts,
 * `SLO_OBJECTIVE_DEFAULTS`). Every other field has one, so an environment without the section
 * still gets alarms, a topic and a dashboard.
 */
const slo = z
  .strictObject({
    windowDays: example(z.number().int({ message: 'must be a whole number of days' }).min(7, { message: 'an SLO window shorter than 7 days is shorter than the alarms need (their longest window is 3 days); use 28 or 30' }).max(90, { message: 'at most 90 days (slo-report reads hourly data back that far)' }), 28).default(28),
    availability: z.strictObject({ objective: fraction('availability.objective', 0.99).optional() }).default({}),
    latency: z
      .strictObject({ objective: fraction('latency.objective', 0.95).optional(), firstTokenSeconds: positiveSeconds('firstTokenSeconds', 2).default(2) })
      .default({ firstTokenSeconds: 2 }),
    answerDuration: z
      .strictObject({ p95Seconds: positiveSeconds('p95Seconds', 20).default(20), datapointsToAlarm: alarmMinutes(5).default(5), evaluationMinutes: alarmMinutes(10).default(10) })
      .default({ p95Seconds: 20, datapointsToAlarm: 5, evaluationMinutes: 10 })
      .refine((d) => d.datapointsToAlarm <= d.evaluationMinutes, { message: 'datapointsToAlarm (N) must be at most evaluationMinutes (M): the alarm fires on N of M minutes' }),
    fallbackRatio: z
      .strictObject({ threshold: fraction('fallbackRatio.threshold', 0.1).default(0.1), evaluationMinutes: alarmMinutes(15).default(15) })
      .default({ threshold: 0.1, evaluationMinutes: 15 }),
    noTraffic: businessHours.optional(),
    notifications: example(z.array(notificationTarget), [{ email: 'oncall@example.com', severities: ['page', 'ticket'] }]).default([]),
    bedrockPrices: example(z.array(bedrockPrice), [{ modelId: 'eu.amazon.nova-micro-v1:0', inputPer1kTokens: 0.000046, outputPer1kTokens: 0.000184 }]).optional(),
  })
  .default({
    windowDays: 28,
    availability: {},
    latency: { firstTokenSeconds: 2 },
    answerDuration: { p95Seconds: 20, datapointsToAlarm: 5, evaluationMinutes: 10 },
    fallbackRatio: { threshold: 0.1, evaluationMinutes: 15 },
    notifications: [],
  });

/** What a target sends to, as a duplicate is named: the address, URL, ARN or chat channel. */
function notificationEndpoint(t: z.output<typeof notificationTarget>): string | undefined {
  if (t.slack !== undefined) return `Slack channel ${t.slack.channelId}`;
  if (t.teams !== undefined) return `Teams channel ${encodedTeamsChannelId(t.teams.channelId)}`;
  return t.email ?? t.webhookUrl ?? t.chatbotChannelArn;
}

/**
 * Why a Teams team can have one Terraform-made channel configuration per account: the aws provider
 * reads aws_chatbot_teams_channel_configuration back by its team id (ListMicrosoftTeamsChannelConfigurations
 * filtered by TeamId, one result expected; `terraform import` takes the team id), so a second
 * configuration in the team breaks every plan of both.
 */
export function teamsTeamTakenMessage(teamId: string, holder: string): string {
  return (
    `Teams team ${teamId} already has a channel in ${holder}; the aws provider finds a Teams channel configuration by its team id ` +
    'alone, so Terraform can manage only one per team and account: send these severities to that channel (one target listing them all)'
  );
}

/** Problems of the `slo:` section that need the rest of the environment (the models it serves). */
function sloProblems(env: { bedrock: { primaryModelId: string; fallbackModelId: string }; slo: z.output<typeof slo> }, ctx: z.RefinementCtx): void {
  const endpoints = env.slo.notifications.map(notificationEndpoint);
  endpoints.forEach((endpoint, i) => {
    if (endpoints.indexOf(endpoint) !== i) {
      ctx.addIssue({ code: 'custom', path: ['slo', 'notifications', i], message: `${endpoint} is listed twice; list it once with every severity it should get` });
    }
  });
  // UUIDs compare case-insensitively; a second target of the same channel is reported above.
  const teams = env.slo.notifications.map((t) => t.teams?.teamId.toLowerCase());
  teams.forEach((team, i) => {
    if (team !== undefined && teams.indexOf(team) !== i && endpoints.indexOf(endpoints[i]) === i) {
      const message = teamsTeamTakenMessage(env.slo.notifications[i].teams!.teamId, 'another target of this file');
      ctx.addIssue({ code: 'custom', path: ['slo', 'notifications', i, 'teams', 'teamId'], message });
    }
  });
  const prices = env.slo.bedrockPrices;
  if (prices === undefined) return;
  const models = [env.bedrock.primaryModelId, env.bedrock.fallbackModelId];
  prices.forEach((price, i) => {
    if (!models.includes(price.modelId)) {
      ctx.addIssue({ code: 'custom', path: ['slo', 'bedrockPrices', i, 'modelId'], message: `this environment serves no model ${price.modelId}; its models are ${models.join(' and ')}` });
    }
  });
  for (const [model, role] of [[models[0], 'primaryModelId'], [models[1], 'fallbackModelId']]) {
    if (!prices.some((p) => p.modelId === model)) {
      ctx.addIssue({ code: 'custom', path: ['slo', 'bedrockPrices'], message: `add the prices of ${model} (bedrock.${role}), or the cost estimate leaves its tokens out` });
    }
  }
}

/** A lowercase DNS name of at least two labels. */
const DNS_NAME = /^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/;

const httpsUrl = (what: string, value: string) =>
  example(
    z.string().refine((v) => {
      try {
        return new URL(v).protocol === 'https:';
      } catch {
        return false;
      }
    }, { message: `${what} must be an https:// URL, e.g. ${value} (the ALB talks to the IdP over TLS only)` }),
    value,
  );

const ssmParameterName = (value: string) =>
  example(
    z.string().regex(/^(\/[A-Za-z0-9_.-]+){2,}$/, { message: `must be the full name of an SSM parameter, e.g. ${value}` }),
    value,
  );

/**
 * The `edge:` section: the chatbot's public entry (modules/edge, docs/edge.md). Provider-specific
 * fields sit side by side in one strict object per choice (like `slo.notifications`), so a
 * misspelled key still gets "did you mean"; `edgeProblems` checks which belong to the provider.
 */
const edgeDns = z
  .strictObject({
    provider: example(z.enum(EDGE_DNS_PROVIDERS), 'route53').default('none'),
    hostedZoneId: example(z.string().regex(/^Z[A-Z0-9]{1,31}$/, { message: 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (without /hostedzone/)' }), 'Z0123456789ABCDEFGHIJ').optional(),
    zoneName: example(z.string().regex(DNS_NAME, { message: 'must be the lowercase name of the hosted zone, e.g. example.com' }), 'example.com').optional(),
    zoneId: example(z.string().regex(/^[0-9a-f]{32}$/, { message: 'must be a Cloudflare zone id: 32 lowercase hex characters (Overview page of the zone)' }), '023e105f4ecef8ad9ca31a8372d0c353').optional(),
    apiTokenParameter: ssmParameterName('/qa/prod/edge/cloudflare-api-token').optional(),
  })
  .default({ provider: 'none' });

const edgeAuth = z
  .strictObject({
    provider: example(z.enum(EDGE_AUTH_PROVIDERS), 'cognito').default('none'),
    mfa: example(z.enum(COGNITO_MFA_MODES, { error: 'mfa must be "off", "optional" (users may add an authenticator app) or "on" (required)' }), 'optional').optional(),
    selfSignUp: example(z.boolean(), false).optional(),
    advancedSecurity: example(
      z.enum(COGNITO_ADVANCED_SECURITY_MODES, { error: 'advancedSecurity must be "off", "audit" (log risky sign-ins) or "enforced" (block them)' }),
      'enforced',
    ).optional(),
    domainPrefix: example(
      z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'must be 1-63 lowercase letters, digits and hyphens (the hosted UI is <prefix>.auth.<region>.amazoncognito.com)' })
        .refine((v) => !/aws|amazon|cognito/.test(v), { message: 'Cognito refuses domain prefixes containing "aws", "amazon" or "cognito"' }),
      'qa-prod-chat',
    ).optional(),
    issuer: httpsUrl('issuer', 'https://login.example.com/oauth2/default').optional(),
    clientId: example(nonEmpty('set the client id the IdP gave the ALB'), '0oa1b2c3d4e5f6g7h8i9').optional(),
    authorizationEndpoint: httpsUrl('authorizationEndpoint', 'https://login.example.com/oauth2/default/v1/authorize').optional(),
    tokenEndpoint: httpsUrl('tokenEndpoint', 'https://login.example.com/oauth2/default/v1/token').optional(),
    userInfoEndpoint: httpsUrl('userInfoEndpoint', 'https://login.example.com/oauth2/default/v1/userinfo').optional(),
    clientSecretParameter: ssmParameterName('/qa/prod/edge/oidc-client-secret').optional(),
  })
  .default({ provider: 'none' });

const WAF_DEFAULTS = { enabled: true, rateLimitPer5MinPerIp: 1000, managedRuleGroups: [...BASELINE_WAF_RULE_GROUPS], bodySizeLimitBytes: 65536 };

const edgeWaf = z
  .strictObject({
    enabled: example(z.boolean(), true).default(true),
    rateLimitPer5MinPerIp: example(
      z.number().int({ message: 'must be a whole number of requests' }).min(10, { message: 'AWS WAF rate-based rules take at least 10 requests per 5 minutes' }).max(2_000_000_000),
      1000,
    ).default(WAF_DEFAULTS.rateLimitPer5MinPerIp),
    managedRuleGroups: example(
      z.array(z.enum(WAF_MANAGED_RULE_GROUPS, { error: `managed rule groups must be among ${WAF_MANAGED_RULE_GROUPS.join(', ')}` })),
      [...BASELINE_WAF_RULE_GROUPS],
    ).default(WAF_DEFAULTS.managedRuleGroups),
    bodySizeLimitBytes: example(
      z.number().int().min(1024, { message: 'at least 1024 bytes (the chatbot refuses a smaller BODY_LIMIT_BYTES)' }).max(10 * 1024 * 1024, { message: 'at most 10485760 bytes (the chatbot refuses a larger BODY_LIMIT_BYTES)' }),
      65536,
    ).default(WAF_DEFAULTS.bodySizeLimitBytes),
  })
  .default(WAF_DEFAULTS);

const edge = z
  .strictObject({
    domain: example(
      z.string().regex(DNS_NAME, { message: 'must be a lowercase DNS name, e.g. chat.example.com' }).max(64, { message: 'ACM certificates take at most 64 characters in the domain name' }),
      'chat.example.com',
    ).optional(),
    dns: edgeDns,
    auth: edgeAuth,
    waf: edgeWaf,
    dailyTokenBudget: example(z.number().int({ message: 'must be a whole number of tokens' }).min(1, { message: 'leave dailyTokenBudget out for no daily budget' }), 2_000_000).optional(),
    bedrockMonthlyBudgetUsd: example(z.number().positive({ message: 'must be more than 0 USD; leave it out for no budget' }), 200).optional(),
  })
  .default({ dns: { provider: 'none' }, auth: { provider: 'none' }, waf: WAF_DEFAULTS });

type RawEdge = z.output<typeof edge>;

/** Fields of each provider choice; a field of another provider is a mistake worth naming. */
const DNS_FIELDS = { route53: ['hostedZoneId', 'zoneName'], cloudflare: ['zoneId', 'apiTokenParameter'], none: [] } as const;
const AUTH_FIELDS = {
  none: [],
  cognito: ['mfa', 'selfSignUp', 'advancedSecurity', 'domainPrefix'],
  oidc: ['issuer', 'clientId', 'authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint', 'clientSecretParameter'],
} as const;

function foreignFields(section: 'dns' | 'auth', given: Record<string, unknown>, fields: Record<string, readonly string[]>, ctx: z.RefinementCtx): void {
  const provider = given.provider as string;
  for (const [other, names] of Object.entries(fields)) {
    if (other === provider) continue;
    for (const name of names) {
      if (given[name] !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['edge', section, name], message: `belongs to ${section}.provider: ${other}, not ${provider}; remove it or change the provider` });
      }
    }
  }
}

function required(section: 'dns' | 'auth', given: Record<string, unknown>, names: readonly string[], ctx: z.RefinementCtx): void {
  for (const name of names) {
    if (given[name] === undefined) {
      ctx.addIssue({ code: 'custom', path: ['edge', section, name], message: `is required with ${section}.provider: ${String(given.provider)}` });
    }
  }
}

/** Problems of the `edge:` section: provider fields, and what production needs (HTTPS, WAF, spend limits). */
function edgeProblems(env: { production: boolean; edge: RawEdge }, ctx: z.RefinementCtx): void {
  const { domain, dns, auth, waf } = env.edge;
  foreignFields('dns', dns, DNS_FIELDS, ctx);
  foreignFields('auth', auth, AUTH_FIELDS, ctx);
  if (dns.provider === 'route53' && (dns.hostedZoneId === undefined) === (dns.zoneName === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'dns'], message: 'with provider: route53 set exactly one of hostedZoneId (e.g. Z0123456789ABCDEFGHIJ) or zoneName (e.g. example.com)' });
  }
  if (dns.provider === 'cloudflare') required('dns', dns, DNS_FIELDS.cloudflare, ctx);
  if (auth.provider === 'oidc') required('auth', auth, AUTH_FIELDS.oidc, ctx);
  if (dns.provider !== 'none' && domain === undefined) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'domain'], message: `dns.provider: ${dns.provider} publishes the chat host's record: set edge.domain, e.g. chat.example.com` });
  }
  if (dns.zoneName !== undefined && domain !== undefined && domain !== dns.zoneName && !domain.endsWith(`.${dns.zoneName}`)) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'domain'], message: `${domain} is not inside the hosted zone ${dns.zoneName} (edge.dns.zoneName)` });
  }
  if (auth.provider !== 'none' && domain === undefined) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'domain'], message: `auth.provider: ${auth.provider} needs edge.domain: the ALB signs users in only on an HTTPS listener, and HTTPS needs a certificate for a name` });
  }
  if (!env.production) return;
  if (domain === undefined) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'domain'], message: 'production serves the chatbot over HTTPS only: set edge.domain to the chat host (e.g. chat.example.com) so it gets an ACM certificate; without it the ALB serves plain HTTP' });
  }
  if (!waf.enabled) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'waf', 'enabled'], message: 'production puts an AWS WAF web ACL (managed rules, per-IP rate limit, body size) in front of the ALB; set enabled: true' });
  }
  const missing = BASELINE_WAF_RULE_GROUPS.filter((g) => !waf.managedRuleGroups.includes(g));
  if (waf.enabled && missing.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'waf', 'managedRuleGroups'], message: `production web ACLs carry ${BASELINE_WAF_RULE_GROUPS.join(', ')}; add ${missing.join(', ')}` });
  }
  if (auth.provider === 'cognito' && auth.advancedSecurity === 'off') {
    ctx.addIssue({ code: 'custom', path: ['edge', 'auth', 'advancedSecurity'], message: 'production user pools keep threat protection on: use "enforced" (block risky sign-ins) or "audit"' });
  }
  if (env.edge.dailyTokenBudget === undefined) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'dailyTokenBudget'], message: 'production caps the tokens all pods may spend per day: set dailyTokenBudget, e.g. 2000000' });
  }
  if (env.edge.bedrockMonthlyBudgetUsd === undefined) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'bedrockMonthlyBudgetUsd'], message: 'production gets an AWS Budgets alert on the Bedrock bill: set bedrockMonthlyBudgetUsd, e.g. 200' });
  }
}

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
    slo,
    edge,
    karpenter: karpenterSchema,
    schedule: scheduleSchema,
  })
  .superRefine((env, ctx) => {
    sloProblems(env, ctx);
    edgeProblems(env, ctx);
    karpenterProblems(env, ctx);
    scheduleProblems(env, ctx);
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
