import { expect } from 'chai';
import { FirstTokenTimeout, IncompleteStream, TotalTimeout, abortedError, classifyBedrockError, cutOffError } from '../../src/providers/bedrock-errors';

const MODEL = 'us.amazon.nova-micro-v1:0';

/** An error shaped like the SDK's service exceptions. */
function sdkError(name: string, status: number | undefined, fault: 'client' | 'server'): Error {
  return Object.assign(new Error(`${name} message with arn:aws:iam::123456789012:role/secret`), {
    name, $fault: fault, $metadata: status === undefined ? {} : { httpStatusCode: status },
  });
}

describe('classifyBedrockError', () => {
  const table: Array<[string, Error, string, boolean, boolean]> = [
    // description, error, code, retry same model, fall back
    ['ThrottlingException', sdkError('ThrottlingException', 429, 'client'), 'throttled', true, true],
    ['ServiceQuotaExceededException', sdkError('ServiceQuotaExceededException', 400, 'client'), 'throttled', true, true],
    ['a bare 429', sdkError('Unknown', 429, 'client'), 'throttled', true, true],
    ['InternalServerException', sdkError('InternalServerException', 500, 'server'), 'upstream_unavailable', true, true],
    ['ServiceUnavailableException', sdkError('ServiceUnavailableException', 503, 'server'), 'upstream_unavailable', true, true],
    ['ModelNotReadyException (sent with a 429)', sdkError('ModelNotReadyException', 429, 'client'), 'upstream_unavailable', true, true],
    ['ModelStreamErrorException mid-stream', sdkError('ModelStreamErrorException', undefined, 'client'), 'upstream_unavailable', true, true],
    ['a bare 502', sdkError('Unknown', 502, 'server'), 'upstream_unavailable', true, true],
    ['ModelTimeoutException', sdkError('ModelTimeoutException', 408, 'client'), 'upstream_timeout', false, true],
    ['ValidationException', sdkError('ValidationException', 400, 'client'), 'model_error', false, false],
    ['AccessDeniedException', sdkError('AccessDeniedException', 403, 'client'), 'model_error', false, false],
    ['ResourceNotFoundException', sdkError('ResourceNotFoundException', 404, 'client'), 'model_error', false, false],
    ['ModelErrorException (424)', sdkError('ModelErrorException', 424, 'client'), 'model_error', false, false],
    ['a bare 400 (the recorded invalid model)', sdkError('Unknown', 400, 'client'), 'model_error', false, false],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'upstream_unavailable', true, true],
    ['the first-token timeout', new FirstTokenTimeout(MODEL, 100), 'upstream_timeout', false, true],
    ['the total timeout', new TotalTimeout(100), 'upstream_timeout', false, false],
    ['a stream without messageStop', new IncompleteStream(MODEL), 'upstream_unavailable', true, true],
  ];
  for (const [description, error, code, retry, fallback] of table) {
    it(`${description} -> ${code}, retry ${retry}, fallback ${fallback}`, () => {
      const failure = classifyBedrockError(error, MODEL);
      expect([failure.error.code, failure.retry, failure.fallback]).to.deep.equal([code, retry, fallback]);
      expect(failure.error.retryable).to.equal(code !== 'model_error');
      expect(failure.error.cause).to.equal(error);
    });
  }

  it('names the cause for span events, using the network error code for Node errors', () => {
    expect(classifyBedrockError(sdkError('ThrottlingException', 429, 'client'), MODEL).reason).to.equal('ThrottlingException');
    expect(classifyBedrockError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), MODEL).reason).to.equal('ECONNREFUSED');
    expect(classifyBedrockError(new FirstTokenTimeout(MODEL, 5), MODEL).reason).to.equal('first_token_timeout');
    expect(classifyBedrockError('a string', MODEL).reason).to.equal('UnknownError');
  });

  it('keeps upstream messages (account ids, role names) out of the answer', () => {
    const failure = classifyBedrockError(sdkError('AccessDeniedException', 403, 'client'), MODEL);
    expect(failure.error.message).to.equal(`Bedrock rejected the request to ${MODEL} (AccessDeniedException)`);
    expect(failure.error.message).not.to.contain('123456789012');
  });
});

describe('terminal errors', () => {
  it('a cut-off answer is upstream_unavailable and retryable by the user', () => {
    const cause = new Error('reset');
    const error = cutOffError(MODEL, cause);
    expect([error.code, error.retryable, error.cause]).to.deep.equal(['upstream_unavailable', true, cause]);
  });

  it('an aborted answer is not retryable', () => {
    expect([abortedError().code, abortedError().retryable]).to.deep.equal(['aborted', false]);
  });
});
