/**
 * One loopback AWS endpoint for the real SDK v3 clients of tools/leak-report, speaking each
 * service's own wire protocol as the installed clients use it (checked in their dist-cjs):
 *
 * - awsJson1_1 (POST, `application/x-amz-json-1.1`, `X-Amz-Target: <prefix>.<Operation>`, errors as
 *   `{"__type": ...}` with `x-amzn-errortype`): Resource Groups Tagging API, CloudWatch Logs, ECR, KMS;
 * - the EC2 query protocol (form-encoded `Action`/`Version=2016-11-15`, `Filter.N.Value.M`, XML answers
 *   with `<item>` lists and `<Response><Errors>` errors): EC2;
 * - awsQuery (form-encoded, `.member.N` lists, `<XResponse><XResult>` answers, `<ErrorResponse>`
 *   errors): ELBv2 and STS;
 * - restXml: Route53 (`/2013-04-01/...`) and S3 (path-style buckets);
 * - restJson1: EKS (`GET /clusters/<name>`, errors in `x-amzn-errortype`), for tools/teardown.
 *
 * The service is told by the SigV4 credential scope (`.../<region>/<service>/aws4_request`), as
 * AWS's own front ends do; an unsigned request is refused. Services answer with small pages
 * (fewer items than asked for, as real ones may) so every paginated call is followed; any service
 * can be made to throttle its first request (in its own throttling error) or to deny access.
 * Service state lives in plain fixture objects shaped after the real resources.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback, loopbackEndpoint, stopServer, withBody } from './loopback-server';

export type FakeService = 'tagging' | 'ec2' | 'elasticloadbalancing' | 'logs' | 'ecr' | 'kms' | 'route53' | 's3' | 'sts' | 'eks';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface TaggedResource {
  readonly arn: string;
  readonly tags: readonly Tag[];
}

export interface FakeVpc {
  readonly id: string;
  readonly cidr: string;
  readonly tags: readonly Tag[];
}

export interface FakeInstance {
  readonly id: string;
  readonly type: string;
  readonly state: 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';
  readonly vpcId: string;
  readonly subnetId: string;
  readonly spot?: boolean;
  readonly tags: readonly Tag[];
}

export interface FakeNetworkInterface {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly description: string;
  readonly status: 'available' | 'in-use';
  readonly interfaceType?: string;
  readonly requesterId?: string;
  readonly attachment?: { readonly id: string; readonly instanceId?: string; readonly deviceIndex: number };
  readonly publicIp?: string;
  readonly tags: readonly Tag[];
}

export interface FakeVolume {
  readonly id: string;
  readonly sizeGiB: number;
  readonly type: string;
  readonly state: 'creating' | 'available' | 'in-use' | 'deleting';
  readonly attachedTo?: string;
  readonly tags: readonly Tag[];
}

export interface FakeSecurityGroup {
  readonly id: string;
  readonly name: string;
  readonly vpcId: string;
  readonly description: string;
  readonly tags: readonly Tag[];
}

/** An EKS cluster as DescribeCluster shows it (tools/teardown reads its endpoint and CA). */
export interface FakeCluster {
  readonly name: string;
  /** The API server URL (a loopback Kubernetes API in tests). */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthority: string;
  readonly status?: 'CREATING' | 'ACTIVE' | 'DELETING' | 'FAILED' | 'UPDATING';
  readonly tags?: Readonly<Record<string, string>>;
}

export interface FakeLoadBalancer {
  readonly arn: string;
  readonly name: string;
  readonly type: 'application' | 'network';
  readonly vpcId: string;
  readonly dnsName: string;
  readonly tags: readonly Tag[];
}

export interface FakeTargetGroup {
  readonly arn: string;
  readonly name: string;
  readonly vpcId: string;
  readonly port: number;
  readonly loadBalancerArns: readonly string[];
  readonly tags: readonly Tag[];
}

export interface FakeLogGroup {
  readonly name: string;
  readonly storedBytes: number;
  readonly retentionInDays?: number;
}

export interface FakeRepository {
  readonly name: string;
  readonly images: ReadonlyArray<{ readonly digest: string; readonly tags: readonly string[]; readonly sizeBytes: number }>;
}

export interface FakeKey {
  readonly id: string;
  readonly state: 'Enabled' | 'Disabled' | 'PendingDeletion';
  readonly manager: 'CUSTOMER' | 'AWS';
  readonly description: string;
  readonly tags: readonly Tag[];
  readonly aliases: readonly string[];
  /** Its key policy does not let the caller in: DescribeKey and ListResourceTags are denied. */
  readonly lockedOut?: boolean;
}

export interface FakeRecord {
  readonly Name: string;
  readonly Type: string;
  readonly TTL?: number;
  readonly values?: readonly string[];
  readonly alias?: { readonly HostedZoneId: string; readonly DNSName: string };
}

export interface FakeZone {
  readonly id: string;
  readonly name: string;
  readonly private?: boolean;
  readonly records: readonly FakeRecord[];
}

export interface FakeBucket {
  readonly name: string;
  readonly region: string;
  /** Object bodies by key, for GetObject (the teardown's pre-flight reads Terraform state). */
  readonly objects?: Readonly<Record<string, string>>;
  readonly versions: ReadonlyArray<{ readonly key: string; readonly versionId: string; readonly size: number }>;
  readonly deleteMarkers?: ReadonlyArray<{ readonly key: string; readonly versionId: string }>;
}

/** What is in the fake account; tests fill it in. */
export interface FakeAccount {
  accountId: string;
  callerArn: string;
  /** Tag index by region, as the tagging API returns it. */
  tagIndex: Record<string, TaggedResource[]>;
  vpcs: FakeVpc[];
  instances: FakeInstance[];
  networkInterfaces: FakeNetworkInterface[];
  volumes: FakeVolume[];
  loadBalancers: FakeLoadBalancer[];
  targetGroups: FakeTargetGroup[];
  logGroups: FakeLogGroup[];
  repositories: FakeRepository[];
  keys: FakeKey[];
  zones: FakeZone[];
  buckets: FakeBucket[];
  /** EC2 security groups (DescribeSecurityGroups); absent: none. */
  securityGroups?: FakeSecurityGroup[];
  /** EKS clusters (DescribeCluster); absent: none. */
  clusters?: FakeCluster[];
}

export interface RecordedAwsRequest {
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly status: number;
  /** The request's parameters as sent (JSON body, form fields or query string). */
  readonly params: Record<string, unknown>;
}

/** Items per page each service answers with at most, whatever was asked: small, so paging shows. */
const SERVER_PAGE = 2;

const JSON_TARGETS: Record<string, FakeService> = {
  ResourceGroupsTaggingAPI_20170126: 'tagging',
  Logs_20140328: 'logs',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
  TrentService: 'kms',
};

/** Each service's own throttling error (code, HTTP status). */
const THROTTLING: Record<FakeService, readonly [string, number]> = {
  tagging: ['ThrottledException', 400],
  logs: ['ThrottlingException', 400],
  ecr: ['ThrottlingException', 400],
  kms: ['ThrottlingException', 400],
  ec2: ['RequestLimitExceeded', 503],
  elasticloadbalancing: ['Throttling', 400],
  sts: ['Throttling', 400],
  route53: ['Throttling', 400],
  s3: ['SlowDown', 503],
  eks: ['ThrottlingException', 429],
};

/** Each service's access-denied error (code, HTTP status). */
const DENIED: Record<FakeService, readonly [string, number]> = {
  tagging: ['AccessDeniedException', 400],
  logs: ['AccessDeniedException', 400],
  ecr: ['AccessDeniedException', 400],
  kms: ['AccessDeniedException', 400],
  ec2: ['UnauthorizedOperation', 403],
  elasticloadbalancing: ['AccessDenied', 403],
  sts: ['AccessDenied', 403],
  route53: ['AccessDenied', 403],
  s3: ['AccessDenied', 403],
  eks: ['AccessDeniedException', 403],
};

/** The IAM action prefix of each signing name, for access-denied messages. */
const IAM_PREFIX: Record<FakeService, string> = {
  tagging: 'tag', logs: 'logs', ecr: 'ecr', kms: 'kms', ec2: 'ec2', elasticloadbalancing: 'elasticloadbalancing', sts: 'sts', route53: 'route53', s3: 's3', eks: 'eks',
};

export class ServiceError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

export function emptyAccount(accountId: string): FakeAccount {
  return {
    accountId,
    callerArn: `arn:aws:sts::${accountId}:assumed-role/leak-report/ci`,
    tagIndex: {},
    vpcs: [],
    instances: [],
    networkInterfaces: [],
    volumes: [],
    loadBalancers: [],
    targetGroups: [],
    logGroups: [],
    repositories: [],
    keys: [],
    zones: [],
    buckets: [],
  };
}

export class FakeAws {
  public readonly requests: RecordedAwsRequest[] = [];
  /** Services (or `service:Operation`) that answer access denied. */
  public readonly denied = new Set<string>();
  /** Services whose next request is throttled once. */
  public readonly throttleFirst = new Set<FakeService>();
  /**
   * Called with each parsed request before it is answered: tests change `account` here, e.g. to
   * let a leftover disappear after a number of polls.
   */
  public onRequest?: (request: { readonly service: FakeService; readonly operation: string; readonly params: Record<string, unknown> }) => void;
  private server?: Server;

  constructor(public readonly account: FakeAccount) {}

  public async start(): Promise<string> {
    this.server = createServer(withBody((request, body, response) => this.handle(request, body, response)));
    return listenOnLoopback(this.server);
  }

  public get endpoint(): string {
    return loopbackEndpoint(this.server);
  }

  public async stop(): Promise<void> {
    await stopServer(this.server);
  }

  /** Requests of one service (and operation). */
  public calls(service: FakeService, operation?: string): RecordedAwsRequest[] {
    return this.requests.filter((r) => r.service === service && (operation === undefined || r.operation === operation));
  }

  private handle(request: IncomingMessage, body: string, response: ServerResponse): void {
    const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(request.headers.authorization ?? '');
    if (!scope) {
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end('the fake AWS endpoint only answers SigV4-signed requests');
      return;
    }
    const [, region, service] = scope;
    const protocol = PROTOCOLS[service as FakeService];
    if (!protocol) {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end(`the fake AWS endpoint does not serve ${service}`);
      return;
    }
    let parsed: ParsedRequest;
    try {
      parsed = protocol.parse(request, body);
    } catch (error) {
      // A request in the wrong protocol is a bug in the client set-up: make it loud.
      this.requests.push({ service, operation: 'unparsed', region, status: 400, params: {} });
      return protocol.error(response, new ServiceError('FakeProtocolError', (error as Error).message, 400), 'unparsed');
    }
    const send = (status: number, headers: Record<string, string>, text: string) => {
      this.requests.push({ service, operation: parsed.operation, region, status, params: parsed.params });
      response.writeHead(status, { 'x-amzn-requestid': `req-${this.requests.length}`, 'content-length': String(Buffer.byteLength(text)), ...headers });
      response.end(text);
    };
    const fail = (error: ServiceError) => {
      this.requests.push({ service, operation: parsed.operation, region, status: error.status, params: parsed.params });
      protocol.error(response, error, parsed.operation);
    };
    const svc = service as FakeService;
    this.onRequest?.({ service: svc, operation: parsed.operation, params: parsed.params });
    if (this.throttleFirst.has(svc)) {
      this.throttleFirst.delete(svc);
      const [code, status] = THROTTLING[svc];
      return fail(new ServiceError(code, 'Rate exceeded', status));
    }
    if (this.denied.has(svc) || this.denied.has(`${svc}:${parsed.operation}`)) {
      const [code, status] = DENIED[svc];
      const action = `${IAM_PREFIX[svc]}:${svc === 's3' && parsed.operation === 'ListBuckets' ? 'ListAllMyBuckets' : parsed.operation}`;
      return fail(new ServiceError(code, `User: ${this.account.callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`, status));
    }
    try {
      const answer = HANDLERS[svc](this.account, region, parsed);
      protocol.reply(send, parsed.operation, answer);
    } catch (error) {
      if (error instanceof ServiceError) return fail(error);
      throw error;
    }
  }
}

interface ParsedRequest {
  readonly operation: string;
  readonly params: Record<string, any>;
  /** restXml: the path below the service root, e.g. ['hostedzone', 'Z1', 'rrset'] or [bucket]. */
  readonly path: string[];
}

type Send = (status: number, headers: Record<string, string>, body: string) => void;

interface Protocol {
  parse(request: IncomingMessage, body: string): ParsedRequest;
  reply(send: Send, operation: string, answer: unknown): void;
  error(response: ServerResponse, error: ServiceError, operation: string): void;
}

// ---------------------------------------------------------------------------------------------
// Protocols

const awsJson11 = (service: FakeService): Protocol => ({
  parse(request, body) {
    if (request.method !== 'POST') throw new Error(`awsJson1_1 wants POST, got ${request.method}`);
    const type = request.headers['content-type'] ?? '';
    if (type !== 'application/x-amz-json-1.1') throw new Error(`awsJson1_1 wants Content-Type application/x-amz-json-1.1, got ${type}`);
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, operation] = target.split('.');
    if (JSON_TARGETS[prefix] !== service || !operation) throw new Error(`X-Amz-Target ${target} is not a ${service} operation`);
    return { operation, params: body === '' ? {} : JSON.parse(body), path: [] };
  },
  reply(send, _operation, answer) {
    send(200, { 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify(answer));
  },
  error(response, error) {
    const text = JSON.stringify({ __type: error.code, message: error.message });
    response.writeHead(error.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': `${error.code}:http://internal.amazon.com/coral/com.amazon.coral.service/`, 'x-amzn-requestid': 'req-error' });
    response.end(text);
  },
});

/** Form-encoded query protocols (EC2, awsQuery): `Action`, `Version`, the rest as flat fields. */
const query = (version: string, xmlns: string, ec2: boolean): Protocol => ({
  parse(request, body) {
    if (request.method !== 'POST') throw new Error(`query protocol wants POST, got ${request.method}`);
    const type = String(request.headers['content-type'] ?? '');
    if (!type.startsWith('application/x-www-form-urlencoded')) throw new Error(`query protocol wants a form body, got ${type}`);
    const form = new URLSearchParams(body);
    if (form.get('Version') !== version) throw new Error(`Version ${form.get('Version')} is not ${version}`);
    const params: Record<string, string> = {};
    for (const [key, value] of form) if (key !== 'Action' && key !== 'Version') params[key] = value;
    return { operation: form.get('Action') ?? '', params, path: [] };
  },
  reply(send, operation, answer) {
    const inner = answer as string;
    const text = ec2
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${xmlns}"><requestId>req-ec2</requestId>${inner}</${operation}Response>`
      : `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${xmlns}"><${operation}Result>${inner}</${operation}Result><ResponseMetadata><RequestId>req-query</RequestId></ResponseMetadata></${operation}Response>`;
    send(200, { 'content-type': 'text/xml;charset=UTF-8' }, text);
  },
  error(response, error) {
    const text = ec2
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${error.code}</Code><Message>${xml(error.message)}</Message></Error></Errors><RequestID>req-error</RequestID></Response>`
      : `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${xmlns}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${xml(error.message)}</Message></Error><RequestId>req-error</RequestId></ErrorResponse>`;
    response.writeHead(error.status, { 'content-type': 'text/xml;charset=UTF-8' });
    response.end(text);
  },
});

const route53Xml: Protocol = {
  parse(request) {
    const url = new URL(request.url ?? '/', 'http://fake');
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== '2013-04-01') throw new Error(`Route53 paths start with /2013-04-01, got ${url.pathname}`);
    const path = parts.slice(1);
    const operation =
      request.method === 'GET' && path.length === 1 && path[0] === 'hostedzone' ? 'ListHostedZones'
        : request.method === 'GET' && path.length === 3 && path[0] === 'hostedzone' && path[2] === 'rrset' ? 'ListResourceRecordSets'
          : `${request.method} ${url.pathname}`;
    return { operation, params: Object.fromEntries(url.searchParams), path };
  },
  reply(send, operation, answer) {
    send(200, { 'content-type': 'text/xml' }, `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="https://route53.amazonaws.com/doc/2013-04-01/">${answer as string}</${operation}Response>`);
  },
  error(response, error) {
    response.writeHead(error.status, { 'content-type': 'text/xml' });
    response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${xml(error.message)}</Message></Error><RequestId>req-error</RequestId></ErrorResponse>`);
  },
};

const s3Xml: Protocol = {
  parse(request) {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const operation =
      request.method === 'GET' && path.length === 0 ? 'ListBuckets'
        : request.method === 'GET' && path.length === 1 && url.searchParams.has('versions') ? 'ListObjectVersions'
          : request.method === 'HEAD' && path.length === 1 ? 'HeadBucket'
            : request.method === 'GET' && path.length > 1 && [...url.searchParams.keys()].every((k) => k === 'x-id') ? 'GetObject'
              : `${request.method} ${url.pathname}${url.search}`;
    return { operation, params: Object.fromEntries(url.searchParams), path };
  },
  reply(send, _operation, answer) {
    if (typeof answer === 'object' && answer !== null) {
      const raw = answer as RawAnswer;
      return send(200, raw.headers, raw.body);
    }
    send(200, { 'content-type': 'application/xml' }, `<?xml version="1.0" encoding="UTF-8"?>\n${answer as string}`);
  },
  error(response, error) {
    response.writeHead(error.status, { 'content-type': 'application/xml' });
    response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${xml(error.message)}</Message><RequestId>req-error</RequestId><HostId>fake</HostId></Error>`);
  },
};

/** An S3 answer that is not an XML document: HeadBucket's headers, GetObject's body. */
interface RawAnswer {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** restJson1 (EKS): the operation from method and path, errors as JSON with `x-amzn-errortype`. */
const restJson: Protocol = {
  parse(request) {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const operation = request.method === 'GET' && path.length === 2 && path[0] === 'clusters' ? 'DescribeCluster' : `${request.method} ${url.pathname}`;
    return { operation, params: Object.fromEntries(url.searchParams), path };
  },
  reply(send, _operation, answer) {
    send(200, { 'content-type': 'application/json' }, JSON.stringify(answer));
  },
  error(response, error) {
    response.writeHead(error.status, { 'content-type': 'application/json', 'x-amzn-errortype': error.code, 'x-amzn-requestid': 'req-error' });
    response.end(JSON.stringify({ message: error.message }));
  },
};

const PROTOCOLS: Record<FakeService, Protocol> = {
  tagging: awsJson11('tagging'),
  logs: awsJson11('logs'),
  ecr: awsJson11('ecr'),
  kms: awsJson11('kms'),
  ec2: query('2016-11-15', 'http://ec2.amazonaws.com/doc/2016-11-15/', true),
  elasticloadbalancing: query('2015-12-01', 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/', false),
  sts: query('2011-06-15', 'https://sts.amazonaws.com/doc/2011-06-15/', false),
  route53: route53Xml,
  s3: s3Xml,
  eks: restJson,
};

// ---------------------------------------------------------------------------------------------
// Helpers

function xml(text: string | number | boolean): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<name>value</name>`, or nothing for an undefined value. */
function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${xml(value)}</${name}>`;
}

/** An element holding already-built XML. */
function wrap(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

/** One page of `items` from an opaque token; `limit` is what the caller asked for (capped small). */
function page<T>(items: readonly T[], token: unknown, limit: unknown): { items: T[]; next?: string } {
  const start = token === undefined || token === null || token === '' ? 0 : decodeToken(String(token));
  const asked = limit === undefined || limit === null || limit === '' ? SERVER_PAGE : Number(limit);
  const size = Math.min(asked, SERVER_PAGE);
  const slice = items.slice(start, start + size);
  return { items: slice, next: start + size < items.length ? Buffer.from(`offset:${start + size}`).toString('base64') : undefined };
}

function decodeToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!match) throw new ServiceError('InvalidParameterException', `invalid pagination token ${token}`);
  return Number(match[1]);
}

function checkLimit(value: unknown, max: number, name: string, min = 1): void {
  if (value === undefined || value === null || value === '') return;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ServiceError('ValidationException', `1 validation error detected: Value '${String(value)}' at '${name}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
}

/** `Prefix.1.Field`, `Prefix.2.Field`... from a flat form (EC2 lists start at 1). */
function indexed(params: Record<string, string>, prefix: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const [key, value] of Object.entries(params)) {
    const match = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)(?:\\.(.+))?$`).exec(key);
    if (!match) continue;
    const i = Number(match[1]) - 1;
    out[i] = out[i] ?? {};
    out[i][match[2] ?? ''] = value;
  }
  return out.filter(Boolean);
}

const tagXml = (tags: readonly Tag[]) => wrap('tagSet', tags.map((t) => wrap('item', el('key', t.Key) + el('value', t.Value))).join(''));
const tagValue = (tags: readonly Tag[], key: string) => tags.find((t) => t.Key === key)?.Value;

// ---------------------------------------------------------------------------------------------
// Services

type Handler = (account: FakeAccount, region: string, request: ParsedRequest) => unknown;

const HANDLERS: Record<FakeService, Handler> = {
  sts(account, _region, { operation }) {
    if (operation !== 'GetCallerIdentity') throw new ServiceError('InvalidAction', `${operation} is not served by the fake`);
    return el('Arn', account.callerArn) + el('UserId', 'AROAFAKE:ci') + el('Account', account.accountId);
  },

  tagging(account, region, { operation, params }) {
    if (operation !== 'GetResources') throw new ServiceError('UnknownOperationException', `${operation} is not served by the fake`);
    checkLimit(params.ResourcesPerPage, 100, 'resourcesPerPage');
    const filters = (params.TagFilters ?? []) as Array<{ Key: string; Values?: string[] }>;
    if (filters.length > 50) throw new ServiceError('InvalidParameterException', 'at most 50 tag filters');
    const matches = (account.tagIndex[region] ?? []).filter((r) =>
      filters.every((f) => r.tags.some((t) => t.Key === f.Key && (f.Values === undefined || f.Values.length === 0 || f.Values.includes(t.Value)))),
    );
    const { items, next } = page(matches, params.PaginationToken, params.ResourcesPerPage);
    // The API ends with an empty token, not a missing one.
    return { PaginationToken: next ?? '', ResourceTagMappingList: items.map((r) => ({ ResourceARN: r.arn, Tags: r.tags })) };
  },

  logs(account, region, { operation, params }) {
    if (operation !== 'DescribeLogGroups') throw new ServiceError('UnknownOperationException', `${operation} is not served by the fake`);
    checkLimit(params.limit, 50, 'limit');
    const prefix = String(params.logGroupNamePrefix ?? '');
    const groups = account.logGroups.filter((g) => g.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
    const { items, next } = page(groups, params.nextToken, params.limit);
    return {
      logGroups: items.map((g) => ({
        logGroupName: g.name,
        creationTime: 1764000000000,
        retentionInDays: g.retentionInDays,
        metricFilterCount: 0,
        arn: `arn:aws:logs:${region}:${account.accountId}:log-group:${g.name}:*`,
        logGroupArn: `arn:aws:logs:${region}:${account.accountId}:log-group:${g.name}`,
        storedBytes: g.storedBytes,
        logGroupClass: 'STANDARD',
      })),
      ...(next ? { nextToken: next } : {}),
    };
  },

  ecr(account, region, { operation, params }) {
    const repositoryArn = (name: string) => `arn:aws:ecr:${region}:${account.accountId}:repository/${name}`;
    if (operation === 'DescribeRepositories') {
      checkLimit(params.maxResults, 1000, 'maxResults');
      const { items, next } = page(account.repositories, params.nextToken, params.maxResults);
      return {
        repositories: items.map((r) => ({
          repositoryArn: repositoryArn(r.name),
          registryId: account.accountId,
          repositoryName: r.name,
          repositoryUri: `${account.accountId}.dkr.ecr.${region}.amazonaws.com/${r.name}`,
          createdAt: 1764000000.123,
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfiguration: { encryptionType: 'KMS' },
        })),
        ...(next ? { nextToken: next } : {}),
      };
    }
    if (operation === 'DescribeImages') {
      checkLimit(params.maxResults, 1000, 'maxResults');
      const repository = account.repositories.find((r) => r.name === params.repositoryName);
      if (!repository) {
        throw new ServiceError('RepositoryNotFoundException', `The repository with name '${String(params.repositoryName)}' does not exist in the registry with id '${account.accountId}'`);
      }
      const { items, next } = page(repository.images, params.nextToken, params.maxResults);
      return {
        imageDetails: items.map((i) => ({
          registryId: account.accountId,
          repositoryName: repository.name,
          imageDigest: i.digest,
          imageTags: i.tags.length > 0 ? i.tags : undefined,
          imageSizeInBytes: i.sizeBytes,
          imagePushedAt: 1764000000,
          imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
        })),
        ...(next ? { nextToken: next } : {}),
      };
    }
    throw new ServiceError('UnknownOperationException', `${operation} is not served by the fake`);
  },

  kms(account, region, { operation, params }) {
    const keyArn = (id: string) => `arn:aws:kms:${region}:${account.accountId}:key/${id}`;
    const find = (keyId: unknown) => {
      const key = account.keys.find((k) => k.id === keyId || keyArn(k.id) === keyId);
      if (!key) throw new ServiceError('NotFoundException', `Key '${keyArn(String(keyId))}' does not exist`);
      if (key.lockedOut) {
        throw new ServiceError('AccessDeniedException', `User: ${account.callerArn} is not authorized to perform: kms:${operation} on resource: ${keyArn(key.id)} because no resource-based policy allows the kms:${operation} action`);
      }
      return key;
    };
    // KMS pages with Marker/NextMarker and says Truncated.
    const kmsPage = <T>(items: readonly T[], limit: number) => {
      checkLimit(params.Limit, limit, 'limit');
      const { items: slice, next } = page(items, params.Marker, params.Limit);
      return { slice, more: next ? { NextMarker: next, Truncated: true } : { Truncated: false } };
    };
    switch (operation) {
      case 'ListKeys': {
        const { slice, more } = kmsPage(account.keys, 1000);
        return { Keys: slice.map((k) => ({ KeyId: k.id, KeyArn: keyArn(k.id) })), ...more };
      }
      case 'ListAliases': {
        const aliases = account.keys.flatMap((k) => k.aliases.map((a) => ({ AliasName: a, AliasArn: `arn:aws:kms:${region}:${account.accountId}:${a}`, TargetKeyId: k.id })));
        const { slice, more } = kmsPage(aliases, 100);
        return { Aliases: slice, ...more };
      }
      case 'DescribeKey': {
        const key = find(params.KeyId);
        return {
          KeyMetadata: {
            AWSAccountId: account.accountId,
            KeyId: key.id,
            Arn: keyArn(key.id),
            CreationDate: 1764000000.5,
            Enabled: key.state === 'Enabled',
            Description: key.description,
            KeyUsage: 'ENCRYPT_DECRYPT',
            KeyState: key.state,
            ...(key.state === 'PendingDeletion' ? { DeletionDate: 1766000000, PendingDeletionWindowInDays: 7 } : {}),
            Origin: 'AWS_KMS',
            KeyManager: key.manager,
            CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
            KeySpec: 'SYMMETRIC_DEFAULT',
            EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
            MultiRegion: false,
          },
        };
      }
      case 'ListResourceTags': {
        const key = find(params.KeyId);
        const { slice, more } = kmsPage(key.tags, 50);
        return { Tags: slice.map((t) => ({ TagKey: t.Key, TagValue: t.Value })), ...more };
      }
      default:
        throw new ServiceError('UnknownOperationException', `${operation} is not served by the fake`);
    }
  },

  ec2(account, region, { operation, params }) {
    checkLimit(params.MaxResults, 1000, 'MaxResults', 5);
    const filters = indexed(params, 'Filter').map((f) => ({ name: f.Name, values: Object.entries(f).filter(([k]) => /^Value\.\d+$/.test(k)).map(([, v]) => v) }));
    const apply = <T>(items: readonly T[], fields: (item: T) => Record<string, string[]>, tags: (item: T) => readonly Tag[]) =>
      items.filter((item) => {
        const known = fields(item);
        return filters.every(({ name, values }) => {
          if (name === 'tag-key') return tags(item).some((t) => values.includes(t.Key));
          if (name.startsWith('tag:')) return values.includes(tagValue(tags(item), name.slice(4)) ?? '\u0000');
          if (!(name in known)) throw new ServiceError('InvalidParameterValue', `The filter '${name}' is invalid`);
          return known[name].some((v) => values.includes(v));
        });
      });
    const answer = (setName: string, items: string[], next: string | undefined) => wrap(setName, items.join('')) + el('nextToken', next);
    switch (operation) {
      case 'DescribeVpcs': {
        const { items, next } = page(apply(account.vpcs, (v) => ({ 'vpc-id': [v.id] }), (v) => v.tags), params.NextToken, params.MaxResults);
        return answer('vpcSet', items.map((v) => wrap('item', el('ownerId', account.accountId) + el('instanceTenancy', 'default') + el('isDefault', false) + el('vpcId', v.id) + el('state', 'available') + el('cidrBlock', v.cidr) + tagXml(v.tags))), next);
      }
      case 'DescribeInstances': {
        const matching = apply(account.instances, (i) => ({ 'vpc-id': [i.vpcId], 'instance-id': [i.id], 'instance-state-name': [i.state] }), (i) => i.tags);
        const { items, next } = page(matching, params.NextToken, params.MaxResults);
        const stateCode = { 'pending': 0, 'running': 16, 'shutting-down': 32, 'terminated': 48, 'stopping': 64, 'stopped': 80 };
        return answer('reservationSet', items.map((i) => wrap('item',
          el('reservationId', `r-${i.id.slice(2)}`) + el('ownerId', account.accountId) + wrap('groupSet', '') +
          wrap('instancesSet', wrap('item',
            el('instanceId', i.id) + el('imageId', 'ami-0123456789abcdef0') + wrap('instanceState', el('code', stateCode[i.state]) + el('name', i.state)) +
            el('privateDnsName', `ip-10-20-1-10.${region}.compute.internal`) + el('instanceType', i.type) + el('launchTime', '2026-12-01T08:00:00.000Z') +
            wrap('placement', el('availabilityZone', `${region}a`) + el('tenancy', 'default')) + el('subnetId', i.subnetId) + el('vpcId', i.vpcId) +
            el('privateIpAddress', '10.20.1.10') + el('architecture', 'x86_64') + el('rootDeviceType', 'ebs') + el('rootDeviceName', '/dev/xvda') +
            (i.spot ? el('instanceLifecycle', 'spot') : '') + tagXml(i.tags))))), next);
      }
      case 'DescribeNetworkInterfaces': {
        const matching = apply(account.networkInterfaces, (n) => ({ 'vpc-id': [n.vpcId], 'network-interface-id': [n.id] }), (n) => n.tags);
        const { items, next } = page(matching, params.NextToken, params.MaxResults);
        return answer('networkInterfaceSet', items.map((n) => wrap('item',
          el('networkInterfaceId', n.id) + el('subnetId', n.subnetId) + el('vpcId', n.vpcId) + el('availabilityZone', `${region}a`) + el('description', n.description) +
          el('ownerId', account.accountId) + el('requesterId', n.requesterId) + el('requesterManaged', n.requesterId !== undefined) + el('status', n.status) +
          el('macAddress', '02:00:00:00:00:01') + el('privateIpAddress', '10.20.1.20') + el('sourceDestCheck', true) + wrap('groupSet', '') +
          (n.attachment ? wrap('attachment', el('attachmentId', n.attachment.id) + el('instanceId', n.attachment.instanceId) + el('instanceOwnerId', n.attachment.instanceId ? account.accountId : 'amazon-elb') + el('deviceIndex', n.attachment.deviceIndex) + el('status', 'attached') + el('deleteOnTermination', false)) : '') +
          (n.publicIp ? wrap('association', el('publicIp', n.publicIp) + el('ipOwnerId', 'amazon')) : '') +
          tagXml(n.tags) + el('interfaceType', n.interfaceType ?? 'interface'))), next);
      }
      case 'DescribeVolumes': {
        checkLimit(params.MaxResults, 500, 'MaxResults', 5);
        const matching = apply(account.volumes, (v) => ({ 'volume-id': [v.id], 'attachment.instance-id': v.attachedTo ? [v.attachedTo] : [], 'status': [v.state] }), (v) => v.tags);
        const { items, next } = page(matching, params.NextToken, params.MaxResults);
        return answer('volumeSet', items.map((v) => wrap('item',
          el('volumeId', v.id) + el('size', v.sizeGiB) + el('snapshotId', '') + el('availabilityZone', `${region}a`) + el('status', v.state) + el('createTime', '2026-12-01T08:00:00.000Z') +
          wrap('attachmentSet', v.attachedTo ? wrap('item', el('volumeId', v.id) + el('instanceId', v.attachedTo) + el('device', '/dev/xvda') + el('status', 'attached') + el('attachTime', '2026-12-01T08:00:00.000Z') + el('deleteOnTermination', true)) : '') +
          tagXml(v.tags) + el('volumeType', v.type) + el('iops', 3000) + el('encrypted', true) + el('throughput', 125) + el('multiAttachEnabled', false))), next);
      }
      case 'DescribeSecurityGroups': {
        const matching = apply(account.securityGroups ?? [], (g) => ({ 'group-id': [g.id], 'vpc-id': [g.vpcId], 'group-name': [g.name] }), (g) => g.tags);
        const { items, next } = page(matching, params.NextToken, params.MaxResults);
        return answer('securityGroupInfo', items.map((g) => wrap('item',
          el('ownerId', account.accountId) + el('groupId', g.id) + el('groupName', g.name) + el('groupDescription', g.description) + el('vpcId', g.vpcId) +
          wrap('ipPermissions', '') + wrap('ipPermissionsEgress', '') + tagXml(g.tags) +
          el('securityGroupArn', `arn:aws:ec2:${region}:${account.accountId}:security-group/${g.id}`))), next);
      }
      default:
        throw new ServiceError('InvalidAction', `The action ${operation} is not valid for this web service.`);
    }
  },

  eks(account, region, { operation, path }) {
    if (operation !== 'DescribeCluster') throw new ServiceError('InvalidRequestException', `${operation} is not served by the fake`, 404);
    const cluster = (account.clusters ?? []).find((c) => c.name === path[1]);
    if (!cluster) throw new ServiceError('ResourceNotFoundException', `No cluster found for name: ${path[1]}.`, 404);
    return {
      cluster: {
        name: cluster.name,
        arn: `arn:aws:eks:${region}:${account.accountId}:cluster/${cluster.name}`,
        createdAt: 1764000000.123,
        version: '1.33',
        endpoint: cluster.endpoint,
        roleArn: `arn:aws:iam::${account.accountId}:role/${cluster.name}-cluster`,
        resourcesVpcConfig: { subnetIds: ['subnet-0a1', 'subnet-0a2'], securityGroupIds: [], vpcId: 'vpc-0e1d2c3b4a5968778', endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
        kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4' },
        status: cluster.status ?? 'ACTIVE',
        certificateAuthority: { data: cluster.certificateAuthority },
        platformVersion: 'eks.12',
        tags: cluster.tags ?? {},
        accessConfig: { authenticationMode: 'API' },
      },
    };
  },

  elasticloadbalancing(account, _region, { operation, params }) {
    const marker = (next: string | undefined) => el('NextMarker', next);
    switch (operation) {
      case 'DescribeLoadBalancers': {
        checkLimit(params.PageSize, 400, 'pageSize');
        const { items, next } = page(account.loadBalancers, params.Marker, params.PageSize);
        return wrap('LoadBalancers', items.map((lb) => wrap('member',
          el('LoadBalancerArn', lb.arn) + el('DNSName', lb.dnsName) + el('CanonicalHostedZoneId', 'Z32O12XQLNTSW2') + el('CreatedTime', '2026-12-01T08:00:00.000Z') +
          el('LoadBalancerName', lb.name) + el('Scheme', 'internet-facing') + el('VpcId', lb.vpcId) + wrap('State', el('Code', 'active')) + el('Type', lb.type) +
          el('IpAddressType', 'ipv4'))).join('')) + marker(next);
      }
      case 'DescribeTargetGroups': {
        checkLimit(params.PageSize, 400, 'pageSize');
        const { items, next } = page(account.targetGroups, params.Marker, params.PageSize);
        return wrap('TargetGroups', items.map((tg) => wrap('member',
          el('TargetGroupArn', tg.arn) + el('TargetGroupName', tg.name) + el('Protocol', 'HTTP') + el('Port', tg.port) + el('VpcId', tg.vpcId) + el('TargetType', 'ip') +
          wrap('LoadBalancerArns', tg.loadBalancerArns.map((a) => el('member', a)).join('')))).join('')) + marker(next);
      }
      case 'DescribeTags': {
        const arns = Object.entries(params).filter(([k]) => /^ResourceArns\.member\.\d+$/.test(k)).map(([, v]) => v as string);
        if (arns.length === 0 || arns.length > 20) throw new ServiceError('ValidationError', `ResourceArns must hold 1 to 20 ARNs, got ${arns.length}`);
        const all = [...account.loadBalancers, ...account.targetGroups];
        return wrap('TagDescriptions', arns.map((arn) => {
          const resource = all.find((r) => r.arn === arn);
          if (!resource) throw new ServiceError(arn.includes(':targetgroup/') ? 'TargetGroupNotFound' : 'LoadBalancerNotFound', `One or more resources could not be found: ${arn}`);
          return wrap('member', el('ResourceArn', arn) + wrap('Tags', resource.tags.map((t) => wrap('member', el('Key', t.Key) + el('Value', t.Value))).join('')));
        }).join(''));
      }
      default:
        throw new ServiceError('InvalidAction', `Could not find operation ${operation} for version 2015-12-01`);
    }
  },

  route53(account, _region, { operation, params, path }) {
    if (operation === 'ListHostedZones') {
      checkLimit(params.maxitems, 100, 'maxitems');
      const start = params.marker ? account.zones.findIndex((z) => z.id === params.marker) : 0;
      if (start < 0) throw new ServiceError('InvalidInput', `Invalid marker ${String(params.marker)}`);
      const size = Math.min(Number(params.maxitems ?? 100), SERVER_PAGE);
      const zones = account.zones.slice(start, start + size);
      const next = account.zones[start + size];
      return wrap('HostedZones', zones.map((z) => wrap('HostedZone',
        el('Id', `/hostedzone/${z.id}`) + el('Name', z.name) + el('CallerReference', `ref-${z.id}`) + wrap('Config', el('PrivateZone', z.private === true)) + el('ResourceRecordSetCount', z.records.length))).join('')) +
        el('IsTruncated', next !== undefined) + (params.marker ? el('Marker', params.marker) : '') + el('NextMarker', next?.id) + el('MaxItems', params.maxitems ?? 100);
    }
    if (operation === 'ListResourceRecordSets') {
      checkLimit(params.maxitems, 300, 'maxitems');
      const zone = account.zones.find((z) => z.id === path[1]);
      if (!zone) throw new ServiceError('NoSuchHostedZone', `No hosted zone found with ID: ${path[1]}`, 404);
      const start = params.name ? zone.records.findIndex((r) => r.Name === params.name && (!params.type || r.Type === params.type)) : 0;
      if (start < 0) throw new ServiceError('InvalidInput', `no record ${String(params.name)} ${String(params.type)}`);
      const size = Math.min(Number(params.maxitems ?? 300), SERVER_PAGE);
      const records = zone.records.slice(start, start + size);
      const next = zone.records[start + size];
      return wrap('ResourceRecordSets', records.map((r) => wrap('ResourceRecordSet',
        el('Name', r.Name) + el('Type', r.Type) + el('TTL', r.alias ? undefined : r.TTL ?? 300) +
        (r.values ? wrap('ResourceRecords', r.values.map((v) => wrap('ResourceRecord', el('Value', v))).join('')) : '') +
        (r.alias ? wrap('AliasTarget', el('HostedZoneId', r.alias.HostedZoneId) + el('DNSName', r.alias.DNSName) + el('EvaluateTargetHealth', true)) : ''))).join('')) +
        el('IsTruncated', next !== undefined) + el('NextRecordName', next?.Name) + el('NextRecordType', next?.Type) + el('MaxItems', params.maxitems ?? 300);
    }
    throw new ServiceError('InvalidAction', `${operation} is not served by the fake`, 404);
  },

  s3(account, region, { operation, params, path }) {
    if (operation === 'HeadBucket' || operation === 'GetObject') {
      const bucket = account.buckets.find((b) => b.name === path[0]);
      if (!bucket) throw new ServiceError(operation === 'HeadBucket' ? 'NotFound' : 'NoSuchBucket', 'The specified bucket does not exist', 404);
      if (bucket.region !== region) throw new ServiceError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', 301);
      if (operation === 'HeadBucket') return { headers: { 'x-amz-bucket-region': bucket.region }, body: '' } satisfies RawAnswer;
      const key = path.slice(1).join('/');
      const body = bucket.objects?.[key];
      if (body === undefined) throw new ServiceError('NoSuchKey', 'The specified key does not exist.', 404);
      return { headers: { 'content-type': 'application/json', 'etag': '"fake"', 'last-modified': 'Tue, 01 Dec 2026 08:00:00 GMT' }, body } satisfies RawAnswer;
    }
    if (operation === 'ListBuckets') {
      checkLimit(params['max-buckets'], 10000, 'max-buckets');
      const { items, next } = page(account.buckets, params['continuation-token'], params['max-buckets']);
      return `<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${wrap('Owner', el('ID', 'fake-canonical-id'))}` +
        wrap('Buckets', items.map((b) => wrap('Bucket', el('Name', b.name) + el('CreationDate', '2026-12-01T08:00:00.000Z') + el('BucketRegion', b.region))).join('')) +
        el('ContinuationToken', next) + '</ListAllMyBucketsResult>';
    }
    if (operation === 'ListObjectVersions') {
      const bucket = account.buckets.find((b) => b.name === path[0]);
      if (!bucket) throw new ServiceError('NoSuchBucket', 'The specified bucket does not exist', 404);
      if (bucket.region !== region) throw new ServiceError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', 301);
      checkLimit(params['max-keys'], 1000, 'max-keys', 0);
      const entries = [...bucket.versions.map((v) => ({ kind: 'Version' as const, ...v })), ...(bucket.deleteMarkers ?? []).map((d) => ({ kind: 'DeleteMarker' as const, size: 0, ...d }))]
        .sort((a, b) => a.key.localeCompare(b.key) || a.versionId.localeCompare(b.versionId));
      const start = params['key-marker'] ? entries.findIndex((e) => e.key === params['key-marker'] && e.versionId === params['version-id-marker']) + 1 : 0;
      const size = Math.min(Number(params['max-keys'] ?? 1000), SERVER_PAGE);
      const slice = entries.slice(start, start + size);
      const truncated = start + size < entries.length;
      const last = slice[slice.length - 1];
      return `<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${el('Name', bucket.name)}${el('Prefix', '')}${el('KeyMarker', params['key-marker'] ?? '')}${el('VersionIdMarker', params['version-id-marker'] ?? '')}` +
        `${el('MaxKeys', params['max-keys'] ?? 1000)}${el('IsTruncated', truncated)}${truncated ? el('NextKeyMarker', last.key) + el('NextVersionIdMarker', last.versionId) : ''}` +
        slice.map((e) => e.kind === 'Version'
          ? wrap('Version', el('Key', e.key) + el('VersionId', e.versionId) + el('IsLatest', true) + el('LastModified', '2026-12-01T08:00:00.000Z') + el('ETag', '"fake"') + el('Size', e.size) + el('StorageClass', 'STANDARD'))
          : wrap('DeleteMarker', el('Key', e.key) + el('VersionId', e.versionId) + el('IsLatest', true) + el('LastModified', '2026-12-01T08:00:00.000Z'))).join('') +
        '</ListVersionsResult>';
    }
    throw new ServiceError('NotImplemented', `${operation} is not served by the fake`, 501);
  },
};
