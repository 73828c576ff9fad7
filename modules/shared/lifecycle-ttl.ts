/**
 * The `ttl` tag: when an environment with `schedule.ttlHours` (config/<env>.yaml) was brought up,
 * lifecycle.yml's `up` stamps its EKS cluster with `ttl=<ISO 8601 UTC time>`, and the hourly
 * scheduled check tears the environment down once that time has passed. Terraform does not manage
 * the tag: the platform stack's provider ignores it (`ignore_tags`), so plans, drift checks and
 * applies leave it alone.
 */
export const LIFECYCLE_TTL_TAG = 'ttl';
