import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { FakeDynamoDb, accessDenied, throttling, throughputExceeded } from '../support/fake-dynamodb';

const TABLE = 'chat-dev-chatbot-spend';
const CREDENTIALS = { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' };

describe('fake DynamoDB (the real SDK client against it)', () => {
  let fake: FakeDynamoDb;
  let client: DynamoDBClient;

  before(async () => {
    fake = await FakeDynamoDb.start({ [TABLE]: 'pk' });
    client = new DynamoDBClient({ region: 'eu-west-1', endpoint: fake.url, credentials: CREDENTIALS, maxAttempts: 3 });
  });
  beforeEach(() => fake.reset());
  after(async () => {
    client.destroy();
    await fake.close();
  });

  const increment = (key: string, by: number): UpdateItemCommand => new UpdateItemCommand({
    TableName: TABLE,
    Key: { pk: { S: key } },
    UpdateExpression: 'ADD #n :by SET #e = if_not_exists(#e, :e)',
    ExpressionAttributeNames: { '#n': 'tokens', '#e': 'expiresAt' },
    ExpressionAttributeValues: { ':by': { N: String(by) }, ':e': { N: '1700000000' } },
    ReturnValues: 'UPDATED_NEW',
  });

  it('speaks awsJson1_0: signed POSTs with the target header, and DynamoDB-shaped answers', async () => {
    const first = await client.send(increment('a', 5));
    expect(first.Attributes).to.deep.equal({ tokens: { N: '5' }, expiresAt: { N: '1700000000' } });
    const got = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'a' } }, ConsistentRead: true }));
    expect(got.Item).to.deep.equal({ pk: { S: 'a' }, tokens: { N: '5' }, expiresAt: { N: '1700000000' } });
    const missing = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'none' } } }));
    expect(missing.Item).to.equal(undefined);
    expect(fake.requests.map((request) => [request.operation, request.region, request.contentType])).to.deep.equal([
      ['UpdateItem', 'eu-west-1', 'application/x-amz-json-1.0'],
      ['GetItem', 'eu-west-1', 'application/x-amz-json-1.0'],
      ['GetItem', 'eu-west-1', 'application/x-amz-json-1.0'],
    ]);
  });

  it('keeps if_not_exists values and adds atomically under concurrency', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.send(increment('b', i + 1))));
    expect(fake.item(TABLE, 'b')).to.deep.equal({ pk: { S: 'b' }, tokens: { N: String((50 * 51) / 2) }, expiresAt: { N: '1700000000' } });
  });

  it('answers DynamoDB errors the SDK names and retries', async () => {
    fake.failNext('UpdateItem', throughputExceeded(), 2);
    await client.send(increment('c', 1)); // two throttled attempts, the third lands
    expect(fake.requestsFor('UpdateItem').map((request) => request.error)).to.deep.equal(['ProvisionedThroughputExceededException', 'ProvisionedThroughputExceededException', undefined]);

    fake.failNext('GetItem', throttling(), 3);
    const throttled = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'c' } } })).catch((err: Error) => err);
    expect(throttled).to.include({ name: 'ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' });

    fake.failNext('GetItem', accessDenied('GetItem', TABLE));
    const denied = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'c' } } })).catch((err: Error) => err);
    expect(denied).to.have.property('name', 'AccessDeniedException');
    expect((denied as Error).message).to.contain('is not authorized to perform: dynamodb:GetItem');
    expect(fake.requestsFor('GetItem')).to.have.length(4, 'access denied is not retried');
  });

  it('validates like DynamoDB: table, key schema, unused or undefined expression names and values', async () => {
    const failure = (command: GetItemCommand | UpdateItemCommand): Promise<Error> => client.send(command as never).then(() => { throw new Error('accepted'); }, (err: Error) => err);
    expect(await failure(new GetItemCommand({ TableName: 'other', Key: { pk: { S: 'a' } } }))).to.include({ name: 'ResourceNotFoundException' });
    expect(await failure(new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'a' } } }))).to.include({ name: 'ValidationException', message: 'The provided key element does not match the schema' });
    expect((await failure(new UpdateItemCommand({
      TableName: TABLE,
      Key: { pk: { S: 'a' } },
      UpdateExpression: 'ADD #n :by',
      ExpressionAttributeNames: { '#n': 'tokens', '#x': 'unused' },
      ExpressionAttributeValues: { ':by': { N: '1' } },
    }))).message).to.contain('ExpressionAttributeNames unused');
    expect((await failure(new UpdateItemCommand({
      TableName: TABLE,
      Key: { pk: { S: 'a' } },
      UpdateExpression: 'ADD tokens :missing',
    }))).message).to.contain('attribute value: :missing');
    expect(fake.item(TABLE, 'a')).to.equal(undefined, 'failed updates change nothing');
  });
});
