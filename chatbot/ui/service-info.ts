/**
 * What the page learns from `GET /api/info`: whether answers come from the offline provider, the
 * server's message length limit, who is signed in and where to sign out (behind the ALB's
 * sign-in), and whether the service can answer yet and, if not, why (e.g. no AWS credentials). While it cannot, the page asks again at growing intervals until it can,
 * so the notice goes away by itself once the operator fixed the cause.
 */

export interface ServiceInfo {
  readonly offline: boolean;
  readonly maxMessageChars?: number;
  /** Why the service cannot answer yet, as the server says it; undefined when it can. */
  readonly notReadyReason?: string;
  /** The signed-in user's name (else email, else id), when the service has sign-in. */
  readonly user?: { readonly label: string; readonly email?: string };
  /** Where the sign-out link goes, when the service has sign-in. */
  readonly signOutUrl?: string;
}

/** How often to ask again while the service is not ready. */
export interface ServiceInfoPolling {
  /** @default 1000 */
  readonly firstDelayMs: number;
  /** @default 15000 */
  readonly maxDelayMs: number;
}

const DEFAULT_POLLING: ServiceInfoPolling = { firstDelayMs: 1000, maxDelayMs: 15000 };

/**
 * Calls `onInfo` with the service's info, and again after each new ask while it is not ready.
 * Stops when it is ready, or when the info cannot be had: the page works without it (the
 * server still enforces its limits and explains a refused message).
 */
export async function watchServiceInfo(
  apiBase: string,
  onInfo: (info: ServiceInfo) => void,
  polling: ServiceInfoPolling = DEFAULT_POLLING,
): Promise<void> {
  let delayMs = polling.firstDelayMs;
  for (;;) {
    const info = await fetchServiceInfo(apiBase);
    if (!info) return;
    onInfo(info);
    if (info.notReadyReason === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, polling.maxDelayMs);
  }
}

async function fetchServiceInfo(apiBase: string): Promise<ServiceInfo | undefined> {
  try {
    const response = await fetch(`${apiBase}/api/info`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return undefined;
    const body = await response.json() as {
      offline?: unknown;
      limits?: { maxMessageChars?: unknown };
      status?: unknown;
      reason?: unknown;
      user?: { sub?: unknown; name?: unknown; email?: unknown };
      signOutUrl?: unknown;
    };
    const notReady = body.status === 'not-ready';
    return {
      offline: body.offline === true,
      maxMessageChars: typeof body.limits?.maxMessageChars === 'number' ? body.limits.maxMessageChars : undefined,
      notReadyReason: notReady ? (typeof body.reason === 'string' ? body.reason : 'the service is starting') : undefined,
      user: userOf(body.user),
      // Only a same-site path: the link is followed with the ALB's cookies.
      signOutUrl: typeof body.signOutUrl === 'string' && /^\/[^/\\]/.test(body.signOutUrl) ? `${apiBase}${body.signOutUrl}` : undefined,
    };
  } catch {
    return undefined;
  }
}

function userOf(user: { sub?: unknown; name?: unknown; email?: unknown } | undefined): ServiceInfo['user'] {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const email = text(user?.email);
  const label = text(user?.name) ?? email ?? text(user?.sub);
  return label === undefined ? undefined : { label, ...(email === undefined ? {} : { email }) };
}
