/**
 * Generated sections inside hand-written Markdown: each sits between a start and an end comment
 * naming it, so the prose around it stays editable and the generated part can be replaced and
 * compared on its own.
 */

export const REGENERATE_COMMAND = 'npx tsx tools/observability-doc/src/cli.ts';

export function sectionMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- generated:${name}:start (${REGENERATE_COMMAND}) -->`, end: `<!-- generated:${name}:end -->` };
}

function bounds(text: string, name: string, file: string): { from: number; to: number } {
  const { start, end } = sectionMarkers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const problem =
    from < 0 || to < 0
      ? `has no generated section "${name}": add the lines\n${start}\n${end}\nwhere it belongs`
      : text.indexOf(start, from + 1) >= 0 || text.indexOf(end, to + 1) >= 0
        ? `has the generated section "${name}" twice`
        : to < from
          ? `has the end of generated section "${name}" before its start`
          : undefined;
  if (problem !== undefined) throw new Error(`${file} ${problem}`);
  return { from: from + start.length, to };
}

/** The content between the markers, without the line breaks next to them. */
export function readSection(text: string, name: string, file: string): string {
  const { from, to } = bounds(text, name, file);
  return text.slice(from, to).replace(/^\n/, '').replace(/\n$/, '');
}

/** `text` with the section's content replaced by `content`. */
export function replaceSection(text: string, name: string, content: string, file: string): string {
  const { from, to } = bounds(text, name, file);
  return `${text.slice(0, from)}\n${content}\n${text.slice(to)}`;
}
