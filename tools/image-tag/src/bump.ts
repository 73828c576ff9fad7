/**
 * Set the tag of one image in a Kustomization (`images[name == <image>].newTag`), the GitOps
 * hand-off between CI and Argo CD. The file is edited, not re-rendered: the `yaml` Document API
 * finds the `newTag` node and only the characters of that scalar are replaced, so comments, blank
 * lines, key order and quoting elsewhere stay byte-for-byte what a person wrote.
 */
import { isAlias, isMap, isScalar, isSeq, parse, parseDocument, Scalar, type YAMLMap } from 'yaml';

/** Docker's tag grammar: 1-128 characters, no leading `.` or `-`. */
export const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Tags that move between builds; a GitOps revision must name exactly one image. */
const MOVING_TAGS = new Set(['latest']);

/** A problem with the input; the message names the file or value and the fix. */
export class ImageTagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageTagError';
  }
}

export interface BumpRequest {
  /** The Kustomization's text. */
  readonly source: string;
  /** `images[].name` to change, e.g. `chatbot`. */
  readonly image: string;
  /** The new tag, e.g. the commit's short SHA. */
  readonly tag: string;
  /**
   * The repository the tag was pushed to (`<registry>/<repository>`): when given, the entry's
   * `newName` must be exactly this, or nothing is changed. A release proposes only a new tag of
   * the image it pushed; an overlay pointing elsewhere is a question for a person, not a bump.
   * @default no check
   */
  readonly expectedName?: string;
  /** Shown in error messages. @default "kustomization.yaml" */
  readonly file?: string;
}

export interface BumpResult {
  /** The new text (identical to the source when the tag was already set). */
  readonly text: string;
  readonly changed: boolean;
  /** The tag before, when there was one. */
  readonly previousTag?: string;
}

/** Reject tags Docker would not accept, and moving tags. */
export function validateImageTag(tag: string): void {
  if (!IMAGE_TAG_PATTERN.test(tag)) {
    throw new ImageTagError(
      `tag "${tag}" is not a valid image tag: use 1-128 letters, digits, "_", "." or "-", not starting with "." or "-" (e.g. the commit's short SHA)`,
    );
  }
  if (MOVING_TAGS.has(tag)) {
    throw new ImageTagError(`tag "${tag}" moves between builds, so Argo CD could not tell which image to run; use an immutable tag such as the commit's short SHA`);
  }
}

function findImage(images: unknown, image: string, file: string): YAMLMap {
  if (!isSeq(images)) throw new ImageTagError(`${file}: "images" must be a list of { name, newName, newTag } entries`);
  const names: string[] = [];
  const matches: YAMLMap[] = [];
  for (const item of images.items) {
    if (!isMap(item)) continue;
    const name = item.get('name');
    if (typeof name !== 'string') continue;
    names.push(name);
    if (name === image) matches.push(item);
  }
  if (matches.length > 1) throw new ImageTagError(`${file}: "images" lists "${image}" ${matches.length} times; keep one entry per image`);
  if (matches.length === 0) {
    const found = names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'none';
    throw new ImageTagError(`${file}: "images" has no entry named "${image}" (found: ${found}); add "- name: ${image}" with its newName, or pass the right --image`);
  }
  return matches[0];
}

/** The entry's newName must be `expected`: the tag would otherwise move on some other image. */
function checkNewName(entry: YAMLMap, image: string, expected: string, file: string): void {
  const name = entry.get('newName');
  if (name === expected) return;
  const found = typeof name === 'string' ? `"${name}"` : 'no newName';
  throw new ImageTagError(
    `${file}: "${image}" has ${found}, not "${expected}", the repository this tag was pushed to; ` +
      'set newName back to it (the platform stack\'s ECR repository) or pass the right --new-name',
  );
}

/** How to write `tag` in the style of the scalar it replaces, without changing its type. */
function renderLike(node: Scalar, tag: string): string | undefined {
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
      return `"${tag}"`;
    case Scalar.QUOTE_SINGLE:
      return `'${tag}'`;
    case Scalar.PLAIN:
    case undefined:
      // A plain `1234567` or `1e10` would read back as a number: quote what is not a string.
      return typeof parse(tag) === 'string' ? tag : `"${tag}"`;
    default:
      return undefined; // block scalars: rewritten through the document instead
  }
}

/** Set `images[name == image].newTag = tag`; see the module comment for what is preserved. */
export function bumpImageTag(request: BumpRequest): BumpResult {
  const { source, image, tag } = request;
  const file = request.file ?? 'kustomization.yaml';
  validateImageTag(tag);
  const doc = parseDocument(source);
  if (doc.errors.length > 0) throw new ImageTagError(`${file}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new ImageTagError(`${file}: expected a Kustomization (a YAML mapping) at the top level`);
  const images = doc.contents.get('images', true);
  if (images === undefined || images === null) {
    throw new ImageTagError(`${file}: no "images" list; add "images:" with "- name: ${image}", its newName and newTag`);
  }
  const entry = findImage(images, image, file);
  if (request.expectedName !== undefined) checkNewName(entry, image, request.expectedName, file);
  const current = entry.get('newTag', true);
  if (isAlias(current)) throw new ImageTagError(`${file}: newTag of "${image}" is an alias; write the tag itself`);
  if (current !== undefined && !isScalar(current)) throw new ImageTagError(`${file}: newTag of "${image}" must be a string`);

  const previousTag = current === undefined || current.value === null ? undefined : String(current.value);
  if (previousTag === tag) return { text: source, changed: false, previousTag };

  const rendered = current?.range ? renderLike(current, tag) : undefined;
  let text: string;
  if (current?.range && rendered !== undefined) {
    // range = [start, end of value, end of node]: replace exactly the scalar's characters.
    const [start, valueEnd] = current.range;
    text = source.slice(0, start) + rendered + source.slice(valueEnd);
  } else {
    // No newTag yet (or a block scalar): add it through the document; the rest is re-rendered.
    const scalar = new Scalar(tag);
    scalar.type = Scalar.QUOTE_DOUBLE;
    entry.set('newTag', scalar);
    text = doc.toString();
  }
  const check = parseDocument(text);
  const written = (check.get('images') as { items?: YAMLMap[] } | undefined)?.items?.find((i) => isMap(i) && i.get('name') === image)?.get('newTag');
  if (check.errors.length > 0 || written !== tag) {
    throw new ImageTagError(`${file}: the edit did not read back as newTag "${tag}"; the file was left unchanged`);
  }
  return { text, changed: true, previousTag };
}
