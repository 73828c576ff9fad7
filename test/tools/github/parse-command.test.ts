import { expect } from 'chai';
import { CommandSyntaxError, parseCommand } from '../../../tools/github/src/parse-command';

describe('parseCommand', () => {
  const cases: ReadonlyArray<readonly [string, string, readonly string[]]> = [
    ['/apply', 'apply', []],
    ['/plan', 'plan', []],
    ['/apply platform-dev addons-dev', 'apply', ['platform-dev', 'addons-dev']],
    ['/plan platform-dev', 'plan', ['platform-dev']],
    ['  /apply   platform-dev\taddons-dev  ', 'apply', ['platform-dev', 'addons-dev']],
    ['/apply platform-dev, addons-dev', 'apply', ['platform-dev', 'addons-dev']],
    ['/apply platform-dev platform-dev', 'apply', ['platform-dev']],
    ['/apply\r\nthanks!', 'apply', []],
    ['/apply bootstrap\n/apply platform-dev', 'apply', ['bootstrap']],
    ['\uFEFF/plan', 'plan', []],
    ['please /apply', 'none', []],
    ['LGTM\n/apply', 'none', []],
    ['/applyall', 'none', []],
    ['/Apply', 'none', []],
    ['`/apply`', 'none', []],
    ['> /apply', 'none', []],
    ['', 'none', []],
    ['   \n  ', 'none', []],
    ['/destroy platform-dev', 'none', []],
  ];
  for (const [body, command, stacks] of cases) {
    it(`${JSON.stringify(body)} -> ${command} ${JSON.stringify(stacks)}`, () => {
      expect(parseCommand(body)).to.deep.equal({ command, stacks });
    });
  }

  const malformed: ReadonlyArray<readonly [string, RegExp]> = [
    ['/apply foo;rm -rf', /^\/apply: "foo;rm" is not a stack name \(lower-case letters, digits and hyphens/],
    ['/apply $(curl evil)', /"\$\(curl" is not a stack name/],
    ['/apply Platform-Dev', /"Platform-Dev" is not a stack name/],
    ['/apply -target=aws_vpc.main', /"-target=aws_vpc.main" is not a stack name/],
    ['/plan ../etc', /^\/plan: "..\/etc" is not a stack name/],
    ['/apply platform-dev`', /"platform-dev`" is not a stack name/],
    [`/apply ${'a'.repeat(65)}`, /is not a stack name/],
    [`/apply ${Array.from({ length: 21 }, (_, i) => `s${i}`).join(' ')}`, /21 stacks named; at most 20/],
  ];
  for (const [body, message] of malformed) {
    it(`rejects ${JSON.stringify(body.slice(0, 40))} with a clear error`, () => {
      expect(() => parseCommand(body)).to.throw(CommandSyntaxError, message);
    });
  }

  it('quotes hostile input shortened and printable', () => {
    expect(() => parseCommand(`/apply \u0007${'x'.repeat(100)}`)).to.throw(CommandSyntaxError, /"\?x{39}\.\.\." is not a stack name/);
  });
});
