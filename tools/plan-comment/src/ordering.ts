/**
 * The one ordering used for everything sorted in the comment (stacks, resources, keys): plain UTF-16
 * code unit order, never `localeCompare`, whose result depends on the machine's locale and ICU data.
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
