/**
 * Why a check could not run, in one line: the service's error code and message (AccessDenied names
 * the action that was denied), or what went wrong before the service answered.
 */
import { classifyAwsError } from '../../aws-errors/src/aws-error';

export function describeFailure(error: unknown): string {
  if (error instanceof PartialCheckError) return error.message;
  const f = classifyAwsError(error);
  if (f.kind === 'no-credentials') return `no AWS credentials (${f.message})`;
  if (f.kind === 'access-denied') return `access denied (${f.name}${f.httpStatus ? `, HTTP ${f.httpStatus}` : ''}): ${f.message}`;
  const attempts = f.attempts && f.attempts > 1 ? ` after ${f.attempts} attempts` : '';
  if (f.httpStatus) return `${f.name} (HTTP ${f.httpStatus}${attempts}): ${f.message}`;
  return `${f.name}${attempts}: ${f.message}`;
}

/** Is it the caller's permissions (as opposed to the service or the network)? */
export function isAccessDenied(error: unknown): boolean {
  return classifyAwsError(error).kind === 'access-denied';
}

/** A check that read most of what it looks at, but not all: its message says what was missed. */
export class PartialCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartialCheckError';
  }
}
