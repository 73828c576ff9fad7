/**
 * The `karpenter:` section of `config/<env>.yaml`: what the environment's NodePool and EC2NodeClass
 * (gitops/platform/overlays/<env>) say. Validated here; `config-schema.ts` embeds the schema and
 * `config.ts` resolves the production-dependent default (capacity types). With `spotFallback`, a
 * second NodePool (`spot-fallback`, lower weight) makes the pool "on-demand first".
 */
import { z } from 'zod';
import { example } from './schema-example';
import {
  KARPENTER_ARCHITECTURES,
  KARPENTER_CAPACITY_TYPES,
  KARPENTER_CONSOLIDATION_POLICIES,
  KARPENTER_DISRUPTION_REASONS,
  type KarpenterConfig,
} from '../modules/shared/environment-config';

/**
 * The AMI every environment gets unless its file pins another: the EKS-optimized AL2023 release
 * v20260714 (awslabs/amazon-eks-ami, Kubernetes 1.33.13 among others). Move environments one at a
 * time by setting `karpenter.amiAlias`; Karpenter replaces nodes on the new AMI as drift, within
 * the disruption budgets.
 */
export const DEFAULT_AMI_ALIAS = 'al2023@v20260714';

/** Capacity types of an environment whose file names none: production never runs on spot. */
export const CAPACITY_TYPE_DEFAULTS = { production: ['on-demand'], other: ['spot', 'on-demand'] } as const satisfies Record<string, readonly (typeof KARPENTER_CAPACITY_TYPES)[number][]>;

/** Go durations as the NodePool CRD accepts them (`consolidateAfter`, `expireAfter`): `30s`, `1h30m`, or `Never`. */
const DURATION_OR_NEVER = /^(([0-9]+(s|m|h))+|Never)$/;
/** Budget durations: minutes and hours only (the schedule is cron, which has no seconds). */
const BUDGET_DURATION = /^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/;
/** Five cron fields, or one of the @ macros (the CRD's pattern). */
const CRON = /^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/;
/** `al2023@v20260714` or `bottlerocket@v1.45.0`: a family and a pinned version, never `latest`. */
const PINNED_AMI_ALIAS = /^(al2023@v\d{8}|bottlerocket@v\d+\.\d+\.\d+)$/;

/** What an environment gets for each field its `karpenter:` section leaves out, and without the section. */
const DEFAULTS = {
  amiAlias: DEFAULT_AMI_ALIAS,
  instanceCategories: ['c', 'm', 'r'],
  minInstanceGeneration: 6,
  architectures: ['amd64'],
  limits: { cpu: 16, memoryGiB: 64 },
  consolidation: { policy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
  disruptionBudgets: [{ nodes: '10%' }],
  expireAfter: '720h',
  terminationGracePeriod: '1h',
  volumeSizeGiB: 50,
} satisfies Omit<KarpenterConfig, 'instanceFamilies' | 'capacityTypes'>;

/** How long a fallback spot node lives before Karpenter replaces it (on-demand first, if EC2 has it again). */
export const SPOT_FALLBACK_EXPIRE_AFTER = '24h';

/** NodePool limits: what the pool may launch in total. */
const limitsSchema = z.strictObject({
  cpu: example(z.number().int({ message: 'a whole number of vCPUs' }).min(2, { message: 'at least 2 vCPUs, or the pool cannot launch a single node' }), 32),
  memoryGiB: example(z.number().int({ message: 'a whole number of GiB' }).min(4, { message: 'at least 4 GiB, or the pool cannot launch a single node' }), 128),
});

const budget = z.strictObject({
  nodes: example(
    z.string({ error: 'nodes is a quoted count ("1") or share ("10%") of the pool\'s nodes' }).regex(/^((100|[0-9]{1,2})%|[0-9]+)$/, {
      message: 'must be a whole number of nodes ("1") or a percentage ("10%"); "0" blocks disruption while the budget is active',
    }),
    '10%',
  ),
  schedule: example(z.string().regex(CRON, { message: 'must be a cron schedule with five fields (UTC), e.g. "0 7 * * 1-5", or @daily' }), '0 7 * * 1-5').optional(),
  duration: example(z.string().regex(BUDGET_DURATION, { message: 'must be hours and/or minutes, e.g. 10h or 1h30m' }), '10h').optional(),
  reasons: example(
    z.array(z.enum(KARPENTER_DISRUPTION_REASONS, { error: `reasons are ${KARPENTER_DISRUPTION_REASONS.join(', ')}` })).min(1, { message: 'leave reasons out for a budget on every reason' }),
    ['Underutilized'],
  ).optional(),
}).refine((b) => (b.schedule === undefined) === (b.duration === undefined), { message: 'set schedule and duration together (the budget is active for duration after each schedule), or neither (always active)' });

export const karpenterSchema = z
  .strictObject({
    amiAlias: example(
      z.string().regex(PINNED_AMI_ALIAS, {
        message: 'must pin an AMI release: al2023@v<YYYYMMDD> (an awslabs/amazon-eks-ami release) or bottlerocket@v<x.y.z>; @latest would change nodes whenever AWS publishes an AMI',
      }),
      DEFAULT_AMI_ALIAS,
    ).default(DEFAULTS.amiAlias),
    instanceCategories: example(
      z.array(z.string().regex(/^[a-z]{1,4}$/, { message: 'instance categories are the letters before the generation, e.g. c, m, r' })).min(1, { message: 'list at least one category, e.g. [c, m, r]' }),
      ['c', 'm', 'r'],
    ).default(DEFAULTS.instanceCategories),
    instanceFamilies: example(
      z.array(z.string().regex(/^[a-z]{1,4}[0-9]+[a-z0-9-]*$/, { message: 'instance families are like m7i, c7g or m7i-flex' })).min(1, { message: 'leave instanceFamilies out to allow every family of the categories' }),
      ['m7i', 'c7i'],
    ).optional(),
    minInstanceGeneration: example(z.number().int().min(1).max(20), 6).default(DEFAULTS.minInstanceGeneration),
    architectures: example(z.array(z.enum(KARPENTER_ARCHITECTURES, { error: 'architectures are amd64 and arm64' })).min(1), ['amd64']).default(DEFAULTS.architectures),
    capacityTypes: example(
      z.array(z.enum(KARPENTER_CAPACITY_TYPES, { error: 'capacity types are spot and on-demand' })).min(1, { message: 'list at least one capacity type' }),
      ['spot', 'on-demand'],
    ).optional(),
    limits: limitsSchema.default(DEFAULTS.limits),
    spotFallback: z
      .strictObject({
        limits: limitsSchema,
        expireAfter: example(
          z.string().regex(/^([0-9]+(s|m|h))+$/, { message: 'must be a duration such as 24h (never Never: spot nodes must give way to on-demand ones again)' }),
          '24h',
        ).default(SPOT_FALLBACK_EXPIRE_AFTER),
      })
      .optional(),
    consolidation: z
      .strictObject({
        policy: example(
          z.enum(KARPENTER_CONSOLIDATION_POLICIES, { error: 'policy is WhenEmptyOrUnderutilized (also replace underused nodes by cheaper ones) or WhenEmpty (only remove empty nodes)' }),
          'WhenEmptyOrUnderutilized',
        ).default(DEFAULTS.consolidation.policy),
        consolidateAfter: example(z.string().regex(DURATION_OR_NEVER, { message: 'must be a duration such as 30s, 5m or 1h, or Never' }), '1m').default(DEFAULTS.consolidation.consolidateAfter),
      })
      .default(DEFAULTS.consolidation),
    disruptionBudgets: example(z.array(budget).min(1, { message: 'list at least one budget, e.g. [{ nodes: "10%" }]' }), DEFAULTS.disruptionBudgets).default(DEFAULTS.disruptionBudgets),
    expireAfter: example(z.string().regex(DURATION_OR_NEVER, { message: 'must be a duration such as 720h, or Never' }), '720h').default(DEFAULTS.expireAfter),
    terminationGracePeriod: example(
      z.string().regex(/^([0-9]+(s|m|h))+$/, { message: 'must be a duration such as 30m or 1h' }),
      '1h',
    ).default(DEFAULTS.terminationGracePeriod),
    volumeSizeGiB: example(z.number().int().min(20, { message: 'nodes need at least 20 GiB for images' }).max(1000), 50).default(DEFAULTS.volumeSizeGiB),
  })
  .default(DEFAULTS);

export type RawKarpenter = z.output<typeof karpenterSchema>;

/** The category of an instance family: its letters before the generation (`m7i-flex` is `m`). */
function categoryOf(family: string): string {
  return /^[a-z]+/.exec(family)?.[0] ?? family;
}

/** Problems of the `karpenter:` section that need more than one field, or `production`. */
export function karpenterProblems(env: { production: boolean; karpenter: RawKarpenter }, ctx: z.RefinementCtx): void {
  const k = env.karpenter;
  const at = (...path: (string | number)[]) => ['karpenter', ...path];
  (k.instanceFamilies ?? []).forEach((family, i) => {
    if (!k.instanceCategories.includes(categoryOf(family))) {
      ctx.addIssue({ code: 'custom', path: at('instanceFamilies', i), message: `${family} is of category ${categoryOf(family)}, which instanceCategories (${k.instanceCategories.join(', ')}) leaves out; add it there or drop the family` });
    }
    // Graviton families carry a "g" after the generation (m7g, c7gn, r8g).
    const graviton = /^[a-z]+[0-9]+g/.test(family);
    if (graviton && !k.architectures.includes('arm64')) {
      ctx.addIssue({ code: 'custom', path: at('instanceFamilies', i), message: `${family} is a Graviton (arm64) family: add arm64 to architectures, or drop it` });
    }
  });
  if (env.production && k.capacityTypes?.includes('spot')) {
    ctx.addIssue({
      code: 'custom',
      path: at('capacityTypes'),
      message: 'production runs on on-demand capacity first: Karpenter always picks spot when a pool allows it (it is cheaper), and EC2 takes spot nodes back with two minutes\' notice; use [on-demand], and spotFallback for spot only when on-demand runs short',
    });
  }
  const capacityTypes: readonly string[] = k.capacityTypes ?? (env.production ? CAPACITY_TYPE_DEFAULTS.production : CAPACITY_TYPE_DEFAULTS.other);
  if (k.spotFallback !== undefined && capacityTypes.includes('spot')) {
    ctx.addIssue({
      code: 'custom',
      path: at('spotFallback'),
      message: `the default pool already launches spot (capacityTypes: [${capacityTypes.join(', ')}]); a spot fallback is for an on-demand pool: set capacityTypes: [on-demand], or drop spotFallback`,
    });
  }
  if (k.capacityTypes !== undefined && new Set(k.capacityTypes).size !== k.capacityTypes.length) {
    ctx.addIssue({ code: 'custom', path: at('capacityTypes'), message: 'list each capacity type once' });
  }
  if (env.production && k.expireAfter === 'Never') {
    ctx.addIssue({ code: 'custom', path: at('expireAfter'), message: 'production nodes expire (e.g. 720h), so every node is eventually replaced with a patched one' });
  }
}

/** The validated section as constructs and tests take it: the capacity types resolved for `production`. */
export function resolveKarpenter(raw: RawKarpenter, production: boolean): KarpenterConfig {
  const { capacityTypes, instanceFamilies, spotFallback, ...rest } = raw;
  return {
    ...rest,
    ...(instanceFamilies === undefined ? {} : { instanceFamilies }),
    ...(spotFallback === undefined ? {} : { spotFallback }),
    capacityTypes: capacityTypes ?? [...(production ? CAPACITY_TYPE_DEFAULTS.production : CAPACITY_TYPE_DEFAULTS.other)],
  };
}
