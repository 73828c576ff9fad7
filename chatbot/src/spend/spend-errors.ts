/**
 * Why a chat is refused before the model is called: the day's token budget is used up (the
 * client waits for the reset), or the shared counter cannot be read and SPEND_FAIL_MODE=closed
 * (ours; it may pass in a moment).
 */

/** The stable code of the refusal, in the SSE `error` event and the JSON error (the UI keys on it). */
export const BUDGET_EXHAUSTED_CODE = 'daily_budget_exhausted';
export const SPEND_UNAVAILABLE_CODE = 'spend_guard_unavailable';

/** The day's token budget is used up until `resetAt` (the next 00:00 UTC). */
export class BudgetExhausted extends Error {
  readonly code = BUDGET_EXHAUSTED_CODE;

  constructor(
    /** The next 00:00 UTC. */
    readonly resetAt: Date,
    /** Whole seconds from now until `resetAt` (at least 1): the `Retry-After`. */
    readonly retryAfterSeconds: number,
  ) {
    const time = `${resetAt.toISOString().slice(11, 16)} UTC`;
    super(`The chatbot has used its token budget for today. It resets at ${time}; please come back then.`);
    this.name = 'BudgetExhausted';
  }
}

/** The shared counter cannot be read and the guard fails closed (SPEND_FAIL_MODE=closed). */
export class SpendGuardUnavailable extends Error {
  readonly code = SPEND_UNAVAILABLE_CODE;
  readonly retryAfterSeconds = 5;

  constructor() {
    super('The chatbot cannot check its daily budget right now. Please try again in a moment.');
    this.name = 'SpendGuardUnavailable';
  }
}
