/** tools/aws-errors: the one reading of AWS SDK errors the tools word their messages from. */
import { S3ServiceException } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { classifyAwsError } from '../../../tools/aws-errors/src/aws-error';

/** An error shaped as the SDK throws it: a named ServiceException with response metadata. */
function serviceError(name: string, message: string, httpStatusCode: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new S3ServiceException({ name, message, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode, attempts: 1 } }), extra);
}

describe('tools/aws-errors classifyAwsError', () => {
  it('tells missing, expired and rejected credentials apart', () => {
    expect(classifyAwsError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })).kind).to.equal('no-credentials');
    expect(classifyAwsError(Object.assign(new Error('SSO token expired'), { name: 'TokenProviderError' })).kind).to.equal('no-credentials');
    expect(classifyAwsError(serviceError('ExpiredTokenException', 'The security token included in the request is expired', 400)).kind).to.equal('expired-credentials');
    // 403, but the credentials themselves are bad: not a missing permission.
    expect(classifyAwsError(serviceError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)).kind).to.equal('rejected-credentials');
  });

  it('reads a denied permission by name, by the Query protocol Code, or by HTTP 403, and names the principal', () => {
    const denied = classifyAwsError(serviceError('AccessDeniedException', 'User: arn:aws:sts::111122223333:assumed-role/ci/x is not authorized to perform: cloudwatch:GetMetricData', 400));
    expect(denied).to.deep.include({ kind: 'access-denied', principal: 'arn:aws:sts::111122223333:assumed-role/ci/x', httpStatus: 400 });
    expect(classifyAwsError(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'Error', Code: 'UnauthorizedOperation' })).kind).to.equal('access-denied');
    // S3 HEAD answers 403 with no body: the SDK can only name it Forbidden or by status.
    expect(classifyAwsError(serviceError('403', 'UnknownError', 403)).kind).to.equal('access-denied');
  });

  it('reads throttling by name or HTTP 429, keeping the attempts the SDK made', () => {
    expect(classifyAwsError(serviceError('ThrottlingException', 'Rate exceeded', 400, { $metadata: { httpStatusCode: 400, attempts: 3 } }))).to.deep.include({ kind: 'throttled', attempts: 3 });
    expect(classifyAwsError(serviceError('SlowDown', 'Please reduce your request rate.', 503)).kind).to.equal('throttled');
    expect(classifyAwsError(serviceError('Unknown', 'too many', 429)).kind).to.equal('throttled');
  });

  it('reads an unreachable endpoint from the error or its cause', () => {
    expect(classifyAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).to.deep.include({ kind: 'unreachable', networkCode: 'ECONNREFUSED' });
    expect(classifyAwsError(Object.assign(new Error('fetch failed'), { name: 'TypeError', cause: { code: 'ENOTFOUND' } }))).to.deep.include({ kind: 'unreachable', networkCode: 'ENOTFOUND' });
  });

  it('keeps anything else as the service\'s own error, on one line', () => {
    const other = classifyAwsError(serviceError('InternalServerError', 'We encountered\n  an internal error.', 500));
    expect(other).to.deep.include({ kind: 'service', name: 'InternalServerError', message: 'We encountered an internal error.', httpStatus: 500 });
    expect(classifyAwsError('boom')).to.deep.include({ kind: 'service', name: 'Error', message: 'boom' });
    expect(classifyAwsError(undefined).kind).to.equal('service');
  });
});
