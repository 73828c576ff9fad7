/**
 * Renders model answers as Markdown without letting them inject HTML. Answers are untrusted (a
 * prompt can make a model write anything), so:
 * - `html: false`: raw HTML in the answer is escaped and shown as text, never parsed;
 * - links keep only absolute http, https and mailto URLs; anything else (`javascript:`, `data:`,
 *   relative or scheme-less) stays literal text;
 * - images are off: a model-written `![](https://tracker/...)` would make the browser fetch a URL
 *   the answer chose (and the CSP blocks foreign images anyway);
 * - links open in a new tab with `noopener noreferrer`, so the target gets no handle on this page
 *   and no referrer.
 * The CSP (`script-src 'self'`) is the second line of defence if any of this ever fails.
 */
// A devDependency on purpose: esbuild bundles it into public/app.js; the server never loads it.
// eslint-disable-next-line import/no-extraneous-dependencies
import MarkdownIt from 'markdown-it';

const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;

/** Whether a (normalized) link target may become a live link. */
export function isSafeUrl(url: string): boolean {
  return SAFE_URL.test(url.trim());
}

function createRenderer() {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.disable('image');
  md.validateLink = isSafeUrl;
  const renderLinkOpen = md.renderer.rules.link_open
    ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index]!;
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
    return renderLinkOpen(tokens, index, options, env, self);
  };
  return md;
}

const renderer = createRenderer();

/** The answer as HTML that is safe to assign to `innerHTML`. */
export function renderMarkdown(text: string): string {
  return renderer.render(text);
}
