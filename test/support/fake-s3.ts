/**
 * A loopback S3 for the real @aws-sdk/client-s3: the REST-XML protocol, path-style addressing
 * (`/bucket/key`, what the SDK uses for an IP endpoint), S3's own error shapes (XML `<Error>` with
 * Code/Message/RequestId; a HEAD error has no body, only the status), `x-amz-bucket-region` on
 * HeadBucket, a 301 for a bucket in another region, and 503 SlowDown throttling the SDK retries.
 * Every request must be SigV4-signed; the fake records the region each was signed for.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback, loopbackEndpoint, stopServer } from './loopback-server';

export interface FakeBucket {
  readonly region: string;
  /** Object bodies by key. */
  readonly objects: Map<string, string>;
  /** Answer 403 AccessDenied to every request on this bucket. */
  denied?: boolean;
}

export interface RecordedS3Request {
  readonly method: string;
  readonly path: string;
  /** The region of the SigV4 credential scope, or undefined when the request was not signed. */
  readonly signedRegion?: string;
  readonly status: number;
}

export class FakeS3 {
  public readonly buckets = new Map<string, FakeBucket>();
  public readonly requests: RecordedS3Request[] = [];
  /** Answer this many of the next requests with 503 SlowDown. */
  public throttleNext = 0;
  private server?: Server;

  /** Start on a free loopback port; resolves with the endpoint URL. */
  public async start(): Promise<string> {
    this.server = createServer((request, response) => this.handle(request, response));
    return listenOnLoopback(this.server);
  }

  public get endpoint(): string {
    return loopbackEndpoint(this.server);
  }

  public async stop(): Promise<void> {
    await stopServer(this.server);
  }

  /** Add a bucket with objects; returns it for further changes. */
  public addBucket(name: string, region: string, objects: Record<string, string> = {}): FakeBucket {
    const bucket: FakeBucket = { region, objects: new Map(Object.entries(objects)) };
    this.buckets.set(name, bucket);
    return bucket;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [bucketName = '', ...keyParts] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/s3\/aws4_request/.exec(request.headers.authorization ?? '');
    const answer = (status: number, headers: Record<string, string> = {}, body = ''): void => {
      this.requests.push({ method: request.method ?? '', path: url.pathname, signedRegion: scope?.[1], status });
      response.writeHead(status, { 'x-amz-request-id': `req-${this.requests.length}`, ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}): void =>
      answer(status, { 'content-type': 'application/xml', ...headers }, errorXml(code, message, `req-${this.requests.length + 1}`));

    if (!scope) return error(403, 'AccessDenied', 'Anonymous users cannot access this resource');
    if (this.throttleNext > 0) {
      this.throttleNext--;
      return error(503, 'SlowDown', 'Please reduce your request rate.');
    }
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (bucket.denied) return error(403, 'AccessDenied', 'Access Denied');
    if (scope[1] !== bucket.region) {
      return error(301, 'PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', {
        'x-amz-bucket-region': bucket.region,
      });
    }
    if (request.method === 'HEAD' && key === '') return answer(200, { 'x-amz-bucket-region': bucket.region });
    if (request.method === 'GET' && key !== '') {
      const body = bucket.objects.get(key);
      if (body === undefined) return error(404, 'NoSuchKey', 'The specified key does not exist.');
      return answer(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'etag': '"fake"' }, body);
    }
    return error(405, 'MethodNotAllowed', `The fake does not implement ${request.method} ${url.pathname}`);
  }
}

function errorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>fake</HostId></Error>`;
}

/** A Terraform state document with `managed` resources (one instance each) and data sources. */
export function terraformState(managed: number, dataSources = 0): string {
  const resource = (mode: string, i: number) => ({ mode, type: 'aws_s3_bucket', name: `r${i}`, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ attributes: { id: `r${i}` } }] });
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial: 3,
    lineage: '00000000-0000-0000-0000-000000000000',
    outputs: {},
    resources: [...Array.from({ length: managed }, (_, i) => resource('managed', i)), ...Array.from({ length: dataSources }, (_, i) => resource('data', i))],
  });
}
