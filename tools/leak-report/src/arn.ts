/** ARNs, taken apart and built the way each service writes them. */

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the account: `volume/vol-1`, `log-group:/qa/dev/x`, `loadbalancer/app/name/id`. */
  readonly resource: string;
  /** The resource type: `volume`, `log-group`, `loadbalancer/app`, `targetgroup`, `bucket` (S3). */
  readonly resourceType: string;
  /** The id or name after the type: `vol-1`, `/qa/dev/x`, `name/id`. */
  readonly resourceId: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const match = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  let resourceType: string;
  let resourceId: string;
  if (service === 's3' && !resource.includes('/')) {
    resourceType = 'bucket';
    resourceId = resource;
  } else if (service === 'elasticloadbalancing' && resource.startsWith('loadbalancer/')) {
    // loadbalancer/app/<name>/<id> and loadbalancer/net/<name>/<id>; classic: loadbalancer/<name>
    const parts = resource.split('/');
    const typed = parts[1] === 'app' || parts[1] === 'net' || parts[1] === 'gwy';
    resourceType = typed ? `loadbalancer/${parts[1]}` : 'loadbalancer';
    resourceId = parts.slice(typed ? 2 : 1).join('/');
  } else if (service === 'wafv2') {
    // <scope>/<kind>/<name>/<id>, scope `global` (CloudFront) or `regional`
    const [scope, kind, ...rest] = resource.split('/');
    resourceType = kind ?? scope;
    resourceId = [scope, ...rest].join('/');
  } else {
    const separator = /[:/]/.exec(resource);
    resourceType = separator ? resource.slice(0, separator.index) : resource;
    resourceId = separator ? resource.slice(separator.index + 1) : '';
  }
  return { partition, service, region, account, resource, resourceType, resourceId };
}

/** Is `arn` one of `service`'s resources of `resourceType` (in `region`, when given)? */
export function isArnOf(arn: string, service: string, resourceType: string, region?: string): boolean {
  const parsed = parseArn(arn);
  return parsed?.service === service && parsed.resourceType === resourceType && (region === undefined || parsed.region === region);
}

/** `arn:<partition>:ec2:<region>:<account>:<type>/<id>` */
export function ec2Arn(partition: string, region: string, account: string, type: string, id: string): string {
  return `arn:${partition}:ec2:${region}:${account}:${type}/${id}`;
}

/** A log group's ARN as the tagging API writes it (no `:*` suffix). */
export function logGroupArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:logs:${region}:${account}:log-group:${name}`;
}
