/**
 * A loopback fake of the DynamoDB data plane for the REAL `@aws-sdk/client-dynamodb` client
 * (endpoint override), speaking its wire protocol, awsJson1_0: `POST /` with
 * `X-Amz-Target: DynamoDB_20120810.<Operation>` and `Content-Type: application/x-amz-json-1.0`,
 * JSON bodies in DynamoDB's attribute-value shape, SigV4 `Authorization` (its scope is checked
 * and recorded, not its signature), and answers with `x-amzn-RequestId` and `x-amz-crc32`.
 * Errors are shaped like DynamoDB's: HTTP 400 (500 for InternalServerError) with
 * `{"__type": "<namespace>#<Name>", "message": ...}`, which the SDK turns into the named
 * exception and retries when it is a throttling one.
 *
 * Operations: what the token counter sends, GetItem (ProjectionExpression) and UpdateItem (ADD on
 * numbers, SET to a value or `if_not_exists`; ReturnValues NONE / UPDATED_NEW / ALL_NEW), with
 * DynamoDB's validation of the key against the table's schema and of unused expression names and
 * values; any other update action is refused with a ValidationException that says so. Requests are handled one at a time on Node's event loop, so every UpdateItem is atomic,
 * as in DynamoDB: concurrent ADDs from any number of clients all land.
 */
import { once } from 'node:events';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

/** A DynamoDB attribute value (the subset the fake stores: strings and numbers). */
export type AttributeValue = { readonly S: string } | { readonly N: string };
export type Item = Record<string, AttributeValue>;

/** An error the fake answers instead of handling the request. */
export interface FakeDynamoError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/** What the fake saw of one request. */
export interface FakeDynamoRequest {
  readonly operation: string;
  readonly body: any;
  /** The region of the SigV4 credential scope. */
  readonly region?: string;
  readonly contentType?: string;
  /** The error answered, if any. */
  readonly error?: string;
}

const NS = 'com.amazonaws.dynamodb.v20120810';
const TARGET = /^DynamoDB_20120810\.([A-Za-z]+)$/;
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=[A-Z0-9]+\/\d{8}\/([a-z0-9-]+)\/dynamodb\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

/** ProvisionedThroughputExceededException, as a throttled table answers. */
export function throughputExceeded(): FakeDynamoError {
  return { status: 400, type: `${NS}#ProvisionedThroughputExceededException`, message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.' };
}

/** ThrottlingException, as DynamoDB answers when requests come too fast for the account. */
export function throttling(): FakeDynamoError {
  return { status: 400, type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' };
}

/** AccessDeniedException for `action` on `table`, as IAM's answer reads. */
export function accessDenied(action: string, table: string): FakeDynamoError {
  return {
    status: 400,
    type: 'com.amazon.coral.service#AccessDeniedException',
    message: `User: arn:aws:sts::111122223333:assumed-role/chat-dev-chatbot/eks-chat-dev-chatbot-abc is not authorized to perform: dynamodb:${action} on resource: arn:aws:dynamodb:us-east-1:111122223333:table/${table} because no identity-based policy allows the dynamodb:${action} action`,
  };
}

/** InternalServerError (HTTP 500), which the SDK retries. */
export function internalError(): FakeDynamoError {
  return { status: 500, type: `${NS}#InternalServerError`, message: 'Internal server error' };
}

class Refusal extends Error {
  constructor(readonly error: FakeDynamoError) {
    super(error.message);
  }
}

function validation(message: string): Refusal {
  return new Refusal({ status: 400, type: 'com.amazon.coral.validate#ValidationException', message });
}

export class FakeDynamoDb {
  /** Starts on 127.0.0.1 with a free port, with `tables` (name to partition key attribute, type S). */
  static async start(tables: Record<string, string>): Promise<FakeDynamoDb> {
    let fake: FakeDynamoDb | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    fake = new FakeDynamoDb(server);
    for (const [name, partitionKey] of Object.entries(tables)) fake.tables.set(name, { partitionKey, items: new Map() });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  readonly requests: FakeDynamoRequest[] = [];
  private readonly tables = new Map<string, { readonly partitionKey: string; readonly items: Map<string, Item> }>();
  private readonly failures: Array<{ readonly operation: string; readonly error: FakeDynamoError }> = [];
  private readonly delays = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: Server) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The stored item with partition key `key`, as DynamoDB would return it. */
  item(table: string, key: string): Item | undefined {
    const stored = this.tables.get(table)?.items.get(key);
    return stored ? { ...stored } : undefined;
  }

  put(table: string, item: Item): void {
    const found = this.tables.get(table)!;
    const key = item[found.partitionKey];
    if (!key || !('S' in key)) throw new Error(`the item has no string ${found.partitionKey}`);
    found.items.set(key.S, { ...item });
  }

  /** Answers the next `times` requests for `operation` (or '*': any) with `error`. */
  failNext(operation: string, error: FakeDynamoError, times = 1): this {
    for (let i = 0; i < times; i++) this.failures.push({ operation, error });
    return this;
  }

  /** Answers `operation` only after `ms` (until set back to 0). */
  delay(operation: string, ms: number): this {
    this.delays.set(operation, ms);
    return this;
  }

  requestsFor(operation: string): FakeDynamoRequest[] {
    return this.requests.filter((request) => request.operation === operation);
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
    this.delays.clear();
    for (const table of this.tables.values()) table.items.clear();
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const operation = TARGET.exec(String(req.headers['x-amz-target'] ?? ''))?.[1] ?? '';
    const region = SIGV4.exec(String(req.headers.authorization ?? ''))?.[1];
    const contentType = req.headers['content-type'];
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      body = undefined;
    }
    const record = (error?: FakeDynamoError): void => {
      this.requests.push({ operation, body, region, contentType, ...(error ? { error: error.type.split('#')[1] } : {}) });
    };
    const delayMs = this.delays.get(operation) ?? 0;
    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, delayMs);
        this.timers.add(timer);
      });
      if (res.destroyed) return record();
    }
    try {
      if (req.method !== 'POST' || req.url !== '/') throw new Refusal({ status: 404, type: 'com.amazon.coral.service#UnknownOperationException', message: `No operation at ${req.method} ${req.url}` });
      if (!region) throw new Refusal({ status: 400, type: 'com.amazon.coral.service#MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
      if (contentType !== 'application/x-amz-json-1.0') throw new Refusal({ status: 400, type: 'com.amazon.coral.service#SerializationException', message: `Unexpected content type ${String(contentType)}` });
      if (body === undefined) throw new Refusal({ status: 400, type: 'com.amazon.coral.service#SerializationException', message: 'Start of structure or map found where not expected' });
      const index = this.failures.findIndex((failure) => failure.operation === operation || failure.operation === '*');
      if (index >= 0) throw new Refusal(this.failures.splice(index, 1)[0]!.error);
      let answer: unknown;
      if (operation === 'GetItem') answer = this.getItem(body);
      else if (operation === 'UpdateItem') answer = this.updateItem(body);
      else throw new Refusal({ status: 400, type: 'com.amazon.coral.service#UnknownOperationException', message: `The fake does not implement ${operation || 'this operation'}` });
      record();
      respond(res, 200, answer);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      record(err.error);
      const message = err.error.type.startsWith('com.amazon.coral.service#') ? { Message: err.error.message } : { message: err.error.message };
      respond(res, err.error.status, { __type: err.error.type, ...message });
    }
  }

  private table(name: unknown): { partitionKey: string; items: Map<string, Item> } {
    const table = typeof name === 'string' ? this.tables.get(name) : undefined;
    if (!table) throw new Refusal({ status: 400, type: `${NS}#ResourceNotFoundException`, message: 'Requested resource not found' });
    return table;
  }

  private keyOf(table: { partitionKey: string }, key: unknown): string {
    const attributes = typeof key === 'object' && key !== null ? Object.entries(key as Record<string, unknown>) : [];
    const [name, value] = attributes[0] ?? [];
    if (attributes.length !== 1 || name !== table.partitionKey || typeof (value as { S?: unknown })?.S !== 'string') {
      throw validation('The provided key element does not match the schema');
    }
    return (value as { S: string }).S;
  }

  private getItem(body: any): unknown {
    const table = this.table(body.TableName);
    const key = this.keyOf(table, body.Key);
    const names = new Expressions(body.ExpressionAttributeNames, undefined);
    const item = table.items.get(key);
    const projection = typeof body.ProjectionExpression === 'string'
      ? body.ProjectionExpression.split(',').map((path: string) => names.name(path.trim()))
      : undefined;
    names.checkAllUsed();
    if (!item) return {};
    return { Item: projection ? pick(item, projection) : item };
  }

  private updateItem(body: any): unknown {
    const table = this.table(body.TableName);
    const key = this.keyOf(table, body.Key);
    const expressions = new Expressions(body.ExpressionAttributeNames, body.ExpressionAttributeValues);
    const actions = parseUpdate(String(body.UpdateExpression ?? ''), expressions);
    expressions.checkAllUsed();
    const old = table.items.get(key);
    const item: Record<string, AttributeValue> = { ...(old ?? { [table.partitionKey]: { S: key } }) };
    const updated: string[] = [];
    for (const action of actions) {
      if (action.path === table.partitionKey) throw validation(`One or more parameter values were invalid: Cannot update attribute ${action.path}. This attribute is part of the key`);
      if (action.kind === 'add') {
        const current = item[action.path];
        if (current && !('N' in current)) throw validation('An operand in the update expression has an incorrect data type');
        item[action.path] = { N: add(current ? current.N : '0', numeric(action.value)) };
      } else {
        item[action.path] = action.value(item);
      }
      updated.push(action.path);
    }
    table.items.set(key, item);
    const returnValues = body.ReturnValues ?? 'NONE';
    if (returnValues === 'NONE') return {};
    if (returnValues === 'ALL_NEW') return { Attributes: item };
    if (returnValues === 'UPDATED_NEW') return { Attributes: pick(item, updated) };
    throw validation(`The fake does not implement ReturnValues ${String(returnValues)}`);
  }
}

/** Expression names and values, with DynamoDB's check that each one given is used. */
class Expressions {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(private readonly names: Record<string, string> | undefined, private readonly values: Record<string, AttributeValue> | undefined) {}

  name(token: string): string {
    if (!token.startsWith('#')) return token;
    const name = this.names?.[token];
    if (name === undefined) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: An expression attribute name used in the document path is not defined; attribute name: ${token}`);
    this.usedNames.add(token);
    return name;
  }

  value(token: string): AttributeValue {
    const value = this.values?.[token];
    if (value === undefined) throw validation(`An expression attribute value used in expression is not defined; attribute value: ${token}`);
    this.usedValues.add(token);
    return value;
  }

  checkAllUsed(): void {
    const unusedNames = Object.keys(this.names ?? {}).filter((name) => !this.usedNames.has(name));
    if (unusedNames.length > 0) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
    const unusedValues = Object.keys(this.values ?? {}).filter((value) => !this.usedValues.has(value));
    if (unusedValues.length > 0) throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
  }
}

type Action =
  | { readonly kind: 'set'; readonly path: string; readonly value: (item: Item) => AttributeValue }
  | { readonly kind: 'add'; readonly path: string; readonly value: AttributeValue };

const CLAUSE = /\b(SET|ADD|REMOVE|DELETE)\b/gi;
const PATH = /^(#[A-Za-z0-9_]+|[A-Za-z][A-Za-z0-9_]*)$/;
const VALUE = /^:[A-Za-z0-9_]+$/;

/** The update expression's actions, in clause order; anything else is a ValidationException. */
function parseUpdate(expression: string, expressions: Expressions): Action[] {
  const marks = [...expression.matchAll(CLAUSE)];
  if (marks.length === 0 || expression.slice(0, marks[0]!.index).trim() !== '') throw validation(`Invalid UpdateExpression: Syntax error; token: "${expression.trim().split(/\s+/)[0] ?? ''}"`);
  const seen = new Set<string>();
  const actions: Action[] = [];
  marks.forEach((mark, index) => {
    const clause = mark[1]!.toUpperCase();
    if (seen.has(clause)) throw validation(`Invalid UpdateExpression: The "${clause}" section can only be used once in an update expression`);
    seen.add(clause);
    const text = expression.slice(mark.index! + mark[0].length, marks[index + 1]?.index ?? expression.length);
    for (const part of splitTopLevel(text)) {
      if (clause === 'SET') {
        actions.push(setAction(part, expressions));
      } else if (clause === 'ADD') {
        const [path, value, ...rest] = part.split(/\s+/);
        if (!path || !value || rest.length > 0 || !PATH.test(path) || !VALUE.test(value)) throw validation(`Invalid UpdateExpression: Syntax error near "${part}"`);
        actions.push({ kind: 'add', path: expressions.name(path), value: expressions.value(value) });
      } else {
        throw validation(`The fake implements no ${clause}`);
      }
    }
  });
  const paths = actions.map((action) => action.path);
  const twice = paths.find((path, i) => paths.indexOf(path) !== i);
  if (twice) throw validation(`Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${twice}], path two: [${twice}]`);
  return actions;
}

/** `a, b, if_not_exists(c, :d)` into its parts (commas inside parentheses stay). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current.trim());
  if (parts.some((part) => part === '')) throw validation('Invalid UpdateExpression: Syntax error; token: ","');
  return parts;
}

function setAction(part: string, expressions: Expressions): Action {
  const match = /^(\S+)\s*=\s*(.+)$/.exec(part);
  if (!match || !PATH.test(match[1]!)) throw validation(`Invalid UpdateExpression: Syntax error near "${part}"`);
  const path = expressions.name(match[1]!);
  const right = match[2]!.trim();
  const ifNotExists = /^if_not_exists\s*\(\s*(\S+?)\s*,\s*(\S+?)\s*\)$/.exec(right);
  if (ifNotExists) {
    const existing = operand(ifNotExists[1]!, expressions);
    const fallback = operand(ifNotExists[2]!, expressions);
    return { kind: 'set', path, value: (item) => existing(item) ?? fallback(item)! };
  }
  const single = operand(right, expressions);
  return {
    kind: 'set',
    path,
    value: (item) => {
      const value = single(item);
      if (!value) throw validation('The provided expression refers to an attribute that does not exist in the item');
      return value;
    },
  };
}

function operand(token: string, expressions: Expressions): (item: Item) => AttributeValue | undefined {
  if (VALUE.test(token)) {
    const value = expressions.value(token);
    return () => value;
  }
  if (PATH.test(token)) {
    const name = expressions.name(token);
    return (item) => item[name];
  }
  throw validation(`Invalid UpdateExpression: Syntax error; token: "${token}"`);
}

function numeric(value: AttributeValue): string {
  if (!('N' in value) || !/^-?\d+(\.\d+)?$/.test(value.N)) throw validation('An operand in the update expression has an incorrect data type');
  return value.N;
}

/** Integer addition without losing precision (DynamoDB numbers have 38 digits). */
function add(a: string, b: string): string {
  if (a.includes('.') || b.includes('.')) return String(Number(a) + Number(b));
  return (BigInt(a) + BigInt(b)).toString();
}

function pick(item: Item, names: readonly string[]): Item {
  return Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]!]));
}

function respond(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.0',
    'x-amzn-RequestId': `FAKE${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    'x-amz-crc32': String(crc32(text)),
  });
  res.end(text);
}
