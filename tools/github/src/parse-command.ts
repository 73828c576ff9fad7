/**
 * Reads an Atlantis-style command from a pull-request comment. Only the first word of the first
 * line counts, so a comment that merely mentions "/apply" in passing does nothing. The comment
 * is untrusted text: stack names must look like stack names, and anything else after a command
 * is an error rather than something passed along to a shell.
 */

export type CommandName = 'apply' | 'plan' | 'none';

export interface ParsedCommand {
  readonly command: CommandName;
  /** Stacks named after the command, in order, without repeats; empty means all stacks. */
  readonly stacks: readonly string[];
}

/** A comment that starts with a command but cannot be run as written. */
export class CommandSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandSyntaxError';
  }
}

export const STACK_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const MAX_STACK_NAME = 64;
const MAX_STACKS = 20;
const COMMANDS: Readonly<Record<string, CommandName>> = { '/apply': 'apply', '/plan': 'plan' };

const NONE: ParsedCommand = { command: 'none', stacks: [] };

/** Shortened and made printable, so an error can quote hostile input safely. */
function quote(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 40 ? `${printable.slice(0, 40)}...` : printable);
}

export function parseCommand(body: string): ParsedCommand {
  const firstLine = body.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0].trim();
  // Stack names may be separated by spaces, tabs or commas ("/apply a, b" is a common typo).
  const [word, ...rest] = firstLine.split(/[\s,]+/).filter((token) => token !== '');
  const command = word === undefined ? undefined : COMMANDS[word];
  if (command === undefined) return NONE;
  const stacks: string[] = [];
  for (const name of rest) {
    if (!STACK_NAME_PATTERN.test(name) || name.length > MAX_STACK_NAME) {
      throw new CommandSyntaxError(`/${command}: ${quote(name)} is not a stack name (lower-case letters, digits and hyphens, e.g. platform-dev); `
        + `write "/${command}" for all stacks or "/${command} platform-dev addons-dev"`);
    }
    if (!stacks.includes(name)) stacks.push(name);
  }
  if (stacks.length > MAX_STACKS) throw new CommandSyntaxError(`/${command}: ${stacks.length} stacks named; at most ${MAX_STACKS}`);
  return { command, stacks };
}
