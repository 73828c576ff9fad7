/**
 * Environment configuration: read once from `config/*.yaml`, validated once, handed to the stacks
 * as typed objects. Every error names the file, the field and the fix; `stacks/main.ts` reports
 * them (see `config-error-report.ts`) instead of throwing a stack trace. The shape lives in
 * `config-schema.ts`, the wording of schema problems in `config-issues.ts`, YAML syntax problems in
 * `yaml-source.ts`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { validateDocument } from './config-issues';
import { encodedTeamsChannelId, environmentSchema, projectSchema, teamsTeamTakenMessage } from './config-schema';
import { resolveKarpenter } from './karpenter-config';
import { resolveSchedule } from './schedule-config';
import { parseYamlSource } from './yaml-source';
import type { EdgeAuthConfig, EdgeConfig, EdgeDnsConfig, EnvironmentConfig, NotificationTarget, ProjectConfig, SloConfig } from '../modules/shared/environment-config';
import { parameterPathPrefix } from '../modules/shared/naming';

/**
 * Objectives of an environment whose `slo:` section names none: the seed's 90 % where nobody is
 * paged for real users, 99 % in production.
 */
export const SLO_OBJECTIVE_DEFAULTS = { production: 0.99, other: 0.9 } as const;

type RawSlo = ReturnType<typeof environmentSchema.parse>['slo'];

/** The validated `slo:` section as constructs take it: objectives filled in, targets typed by kind. */
function resolveSlo(raw: RawSlo, production: boolean): SloConfig {
  const objective = production ? SLO_OBJECTIVE_DEFAULTS.production : SLO_OBJECTIVE_DEFAULTS.other;
  const notifications = raw.notifications.map((t): NotificationTarget => {
    if (t.email !== undefined) return { kind: 'email', address: t.email, severities: t.severities };
    if (t.webhookUrl !== undefined) return { kind: 'webhook', url: t.webhookUrl, severities: t.severities };
    if (t.slack !== undefined) return { kind: 'slack', ...t.slack, severities: t.severities };
    if (t.teams !== undefined) return { kind: 'teams', ...t.teams, channelId: encodedTeamsChannelId(t.teams.channelId), severities: t.severities };
    return { kind: 'chatbot', channelConfigurationArn: t.chatbotChannelArn!, severities: t.severities };
  });
  const { bedrockPrices, noTraffic, ...rest } = raw;
  return {
    ...rest,
    availability: { objective: raw.availability.objective ?? objective },
    latency: { ...raw.latency, objective: raw.latency.objective ?? objective },
    notifications,
    ...(noTraffic === undefined ? {} : { noTraffic }),
    ...(bedrockPrices === undefined
      ? {}
      : { bedrockPrices: Object.fromEntries(bedrockPrices.map(({ modelId, ...price }) => [modelId, price])) }),
  };
}

type RawEdge = ReturnType<typeof environmentSchema.parse>['edge'];

/** Where the environment's `edge:` section is resolved: names that need the project's prefix. */
interface EdgeContext {
  readonly namePrefix: string;
  readonly environment: string;
  readonly accountId: string;
  readonly production: boolean;
}

/**
 * The validated `edge:` section as constructs take it: one typed value per provider, Cognito's
 * defaults filled in (threat protection enforced in production), SSM names checked against the
 * path External Secrets may read. Returns the problems instead when a name is out of reach.
 */
function resolveEdge(raw: RawEdge, at: EdgeContext, file: string): { edge: EdgeConfig } | { problems: string[] } {
  const problems: string[] = [];
  const path = parameterPathPrefix(at.namePrefix, at.environment);
  const readable = (field: string, name: string | undefined) => {
    if (name !== undefined && !name.startsWith(`${path}/`)) {
      problems.push(`${file}: edge.${field}: ${name} is outside ${path}/, the only path External Secrets may read in this environment; store it as ${path}/edge/<name>`);
    }
  };
  const { dns: rawDns, auth: rawAuth, ...rest } = raw;
  let dns: EdgeDnsConfig;
  if (rawDns.provider === 'route53') {
    dns = { provider: 'route53', ...(rawDns.hostedZoneId === undefined ? {} : { hostedZoneId: rawDns.hostedZoneId }), ...(rawDns.zoneName === undefined ? {} : { zoneName: rawDns.zoneName }) };
  } else if (rawDns.provider === 'cloudflare') {
    readable('dns.apiTokenParameter', rawDns.apiTokenParameter);
    dns = { provider: 'cloudflare', zoneId: rawDns.zoneId!, apiTokenParameter: rawDns.apiTokenParameter! };
  } else {
    dns = { provider: 'none' };
  }
  let auth: EdgeAuthConfig;
  if (rawAuth.provider === 'cognito') {
    const domainPrefix = rawAuth.domainPrefix ?? `${at.namePrefix}-${at.environment}-chat-${at.accountId}`;
    if (rawAuth.domainPrefix === undefined && /aws|amazon|cognito/.test(domainPrefix)) {
      problems.push(`${file}: edge.auth.domainPrefix: the default ${domainPrefix} contains "aws", "amazon" or "cognito", which Cognito refuses; set domainPrefix`);
    }
    auth = {
      provider: 'cognito',
      mfa: rawAuth.mfa ?? 'optional',
      selfSignUp: rawAuth.selfSignUp ?? false,
      advancedSecurity: rawAuth.advancedSecurity ?? (at.production ? 'enforced' : 'off'),
      domainPrefix,
    };
  } else if (rawAuth.provider === 'oidc') {
    readable('auth.clientSecretParameter', rawAuth.clientSecretParameter);
    auth = {
      provider: 'oidc',
      issuer: rawAuth.issuer!,
      clientId: rawAuth.clientId!,
      authorizationEndpoint: rawAuth.authorizationEndpoint!,
      tokenEndpoint: rawAuth.tokenEndpoint!,
      userInfoEndpoint: rawAuth.userInfoEndpoint!,
      clientSecretParameter: rawAuth.clientSecretParameter!,
    };
  } else {
    auth = { provider: 'none' };
  }
  return problems.length > 0 ? { problems } : { edge: { ...rest, dns, auth } };
}

/** Raised for any invalid configuration; its message lists every problem found. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    // Continuation lines (a YAML excerpt under its problem) are indented under the problem's text.
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.replace(/\n/g, '\n    ')}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Raw documents, as parsed from YAML (or built by tests). */
export interface RawConfig {
  readonly project: unknown;
  readonly environments: Readonly<Record<string, unknown>>;
}

/** Validate raw documents into the typed project configuration, collecting every problem. */
export function resolveConfig(raw: RawConfig, fileOf: (name: string) => string = (n) => `config/${n}.yaml`): ProjectConfig {
  const project = validateDocument(projectSchema, raw.project, fileOf('project'));
  if ('problems' in project) throw new ConfigError(project.problems);
  const problems: string[] = [];
  const environments: EnvironmentConfig[] = [];
  for (const name of project.data.environments) {
    if (!(name in raw.environments)) {
      problems.push(`${fileOf(name)}: file not found (${fileOf('project')} lists environment "${name}"); add it, or remove "${name}" from environments`);
      continue;
    }
    const env = validateDocument(environmentSchema, raw.environments[name], fileOf(name));
    if ('problems' in env) {
      problems.push(...env.problems);
      continue;
    }
    if (env.data.accountId !== project.data.state.accountId) {
      problems.push(
        `${fileOf(name)}: accountId: ${env.data.accountId} differs from state.accountId ${project.data.state.accountId} in ${fileOf('project')}; ` +
          'the bootstrap stack makes the CI roles and the OIDC provider in the state account, so every environment must live there',
      );
      continue;
    }
    const { logRetentionDays, tags: envTags, slo, edge: rawEdge, karpenter, schedule, ...rest } = env.data;
    const edgeContext = { namePrefix: project.data.namePrefix, environment: name, accountId: rest.accountId, production: rest.production };
    const edge = resolveEdge(rawEdge, edgeContext, fileOf(name));
    if ('problems' in edge) {
      problems.push(...edge.problems);
      continue;
    }
    const resolvedSchedule = resolveSchedule(schedule);
    environments.push({
      ...rest,
      slo: resolveSlo(slo, rest.production),
      edge: edge.edge,
      karpenter: resolveKarpenter(karpenter, rest.production),
      ...(resolvedSchedule === undefined ? {} : { schedule: resolvedSchedule }),
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
  // Every environment lives in the state account (checked above), where a Teams team can hold one
  // Terraform-made channel configuration (teamsTeamTakenMessage).
  const teamsTeams = new Map<string, string>();
  for (const env of environments) {
    for (const target of env.slo.notifications) {
      if (target.kind !== 'teams') continue;
      const team = target.teamId.toLowerCase();
      const holder = teamsTeams.get(team);
      if (holder !== undefined && holder !== env.name) problems.push(`${fileOf(env.name)}: slo.notifications: ${teamsTeamTakenMessage(target.teamId, fileOf(holder))}`);
      teamsTeams.set(team, holder ?? env.name);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...project.data, environments };
}

/** What a config folder holds, said wherever the folder or its project.yaml is missing. */
const FOLDER_CONTENTS = 'project.yaml and one <environment>.yaml per environment that project.yaml lists';

/**
 * Why the folder cannot be read, or nothing. `chosenBy` names the variable that chose the folder
 * (e.g. PLATFORM_CONFIG_DIR): a typo there is the likely cause, so the message points at it.
 */
function folderProblem(dir: string, shown: string, chosenBy: string | undefined): string | undefined {
  const origin = chosenBy ? `${chosenBy}=${dir}` : shown;
  const fix = chosenBy
    ? `${chosenBy} must name a folder holding ${FOLDER_CONTENTS} (like config/ in this repository), or be unset to use config/`
    : `it should hold ${FOLDER_CONTENTS}; set PLATFORM_CONFIG_DIR to use another folder`;
  if (!existsSync(dir)) return `${origin}: the config folder does not exist; ${fix}`;
  if (!statSync(dir).isDirectory()) return `${origin}: not a folder; ${fix}`;
  return undefined;
}

/** The variable that points every entry point (synth, the tools) at another config folder. */
export const CONFIG_DIR_VARIABLE = 'PLATFORM_CONFIG_DIR';

/**
 * The config folder the process environment chooses: PLATFORM_CONFIG_DIR (tests, forks) or this
 * repository's config/. `chosenBy` names the variable when it chose, for loadConfig's messages.
 */
export function chosenConfigFolder(env: { readonly PLATFORM_CONFIG_DIR?: string }): { readonly configDir: string; readonly chosenBy?: string } {
  const chosen = env[CONFIG_DIR_VARIABLE] || undefined;
  return chosen === undefined ? { configDir: join(__dirname, '..', 'config') } : { configDir: chosen, chosenBy: CONFIG_DIR_VARIABLE };
}

/**
 * Read `project.yaml` and one `<env>.yaml` per listed environment from `configDir`. `chosenBy` is
 * the environment variable that chose the folder, if one did, so a missing folder names it.
 */
export function loadConfig(configDir: string, chosenBy?: string): ProjectConfig {
  const path = (name: string) => join(configDir, `${name}.yaml`);
  // Name files as the user would type them: config/dev.yaml from the repository, absolute elsewhere.
  const shown = (file: string) => {
    const rel = relative(process.cwd(), file);
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel || '.';
  };
  const fileOf = (name: string) => shown(path(name));
  const missingFolder = folderProblem(configDir, shown(configDir), chosenBy);
  if (missingFolder) throw new ConfigError([missingFolder]);
  if (!existsSync(path('project'))) {
    throw new ConfigError([
      `${fileOf('project')}: file not found; a config folder holds ${FOLDER_CONTENTS}. ` +
        'project.yaml sets the name prefix, the GitHub repository, the state account and the environments: start from config/project.yaml in this repository',
    ]);
  }
  const read = (name: string) => parseYamlSource(fileOf(name), readFileSync(path(name), 'utf8'));
  const project = read('project');
  if ('problems' in project) throw new ConfigError(project.problems);
  const listed = projectSchema.shape.environments.safeParse((project.document as { environments?: unknown } | null)?.environments);
  const environments: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of listed.success ? listed.data : []) {
    if (!existsSync(path(name))) continue; // resolveConfig names the missing file
    const env = read(name);
    if ('problems' in env) problems.push(...env.problems);
    else environments[name] = env.document;
  }
  // Syntax first: a file that does not parse would only add "file not found" noise below.
  if (problems.length > 0) throw new ConfigError(problems);
  return resolveConfig({ project: project.document, environments }, fileOf);
}
