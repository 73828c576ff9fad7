/**
 * The small HTML pages a browser gets instead of the chat when its sign-in cannot be accepted
 * (401) or cannot be checked right now (503), and after signing out. They stand alone: the UI's
 * own files sit behind the same sign-in, so they link no stylesheet, script or icon (the icon is
 * an empty data: URL, so the browser asks for no /favicon.ico either); their one inline style is
 * allowed by hash in their own Content-Security-Policy, and nothing else is.
 */
import { createHash } from 'node:crypto';

/** What the page says. */
export interface AuthPageContent {
  readonly status: 401 | 503;
  /** One sentence for the user (never the token, never a claim). */
  readonly message: string;
  readonly requestId: string;
}

const STYLE = [
  'body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:12vh auto;padding:0 1.25rem;color:#1f2328}',
  'h1{font-size:1.4rem;margin:0 0 .75rem}',
  'p{margin:0 0 1rem}',
  'a{color:#0969da}',
  '.id{color:#656d76;font-size:.85rem}',
  '@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}a{color:#4493f8}.id{color:#9198a1}}',
].join('');

/** The page's CSP: its inline style and nothing else. */
export const AUTH_PAGE_CSP = [
  "default-src 'none'",
  // The empty data: icon only (see the <link rel="icon">).
  'img-src data:',
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function renderAuthPage(content: AuthPageContent): string {
  const title = content.status === 401 ? 'Sign-in required' : 'Sign-in cannot be checked right now';
  const action = content.status === 401
    ? '<p><a href="/">Sign in again</a></p>'
    : '<p>This is on our side. <a href="/">Try again</a> in a moment.</p>';
  return page(title, `<p id="auth-message">${escapeHtml(content.message)}</p>
${action}
<p class="id">Request id: ${escapeHtml(content.requestId)}</p>`);
}

/**
 * After sign-out when no IdP logout URL is configured: the ALB session is gone, but the IdP may
 * still know the browser, and would sign it straight back in on the next visit; say so.
 */
export function renderSignedOutPage(): string {
  return page('Signed out', `<p id="auth-message">You are signed out of the chatbot.</p>
<p>If your organisation's sign-in page still remembers you, the next visit signs you in again without asking; close the browser to end that session too.</p>
<p><a href="/">Sign in again</a></p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title} · Chatbot</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
