import { expect } from 'chai';
import { parseYamlSource } from '../../stacks/yaml-source';

const problemsOf = (text: string): readonly string[] => {
  const source = parseYamlSource('config/dev.yaml', text);
  return 'problems' in source ? source.problems : [];
};

describe('stacks/yaml-source', () => {
  it('reads valid YAML into plain values', () => {
    expect(parseYamlSource('f.yaml', 'a: 1\nb: [x, "1.33"]\n')).to.deep.equal({ document: { a: 1, b: ['x', '1.33'] } });
  });

  it('points an unclosed list at its bracket (the parser notices a line later), with the line and a caret', () => {
    const text = 'production: false\nnetwork:\n  vpcCidr: 10.20.0.0/16\n  azCount: [2\n  natStrategy: single\n';
    expect(problemsOf(text)).to.deep.equal([
      'config/dev.yaml:4:12: not valid YAML: this list is never closed; end it with "]"\n' +
        '     4 |   azCount: [2\n' +
        '       |            ^',
    ]);
  });

  it('points an unclosed mapping at its brace', () => {
    expect(problemsOf('site: {enableWaf: true\nregion: eu-west-1\n')).to.deep.equal([
      'config/dev.yaml:1:7: not valid YAML: this mapping is never closed; end it with "}"\n     1 | site: {enableWaf: true\n       |       ^',
    ]);
  });

  it('names a duplicate key, where it was first set, with the caret under the second', () => {
    expect(problemsOf('region: eu-west-1\nnetwork:\n  azCount: 2\n  azCount: 3\n')).to.deep.equal([
      'config/dev.yaml:4:3: azCount: duplicate key, first set on line 3; keep one of them\n     4 |   azCount: 3\n       |   ^',
    ]);
  });

  it('words tabs, a missing ": " and an unclosed quote', () => {
    expect(problemsOf('network:\n\tazCount: 2\n')[0]).to.match(/^config\/dev\.yaml:2:1: not valid YAML: a tab is used for indentation; YAML indents with spaces only\n/);
    expect(problemsOf('region eu-west-1\nproduction: false\n')[0]).to.match(/^config\/dev\.yaml:1:1: not valid YAML: this key runs over more than one line; is the ": " after a key missing/);
    expect(problemsOf('region: "eu-west-1\nproduction: false\n')[0]).to.match(/^config\/dev\.yaml:\d+:\d+: not valid YAML: this quoted text is never closed; add the closing "\n/);
  });

  it('reports only the first syntax error, not its echoes further down', () => {
    expect(problemsOf('a: [1\nb: 2\nc: 3\n')).to.have.length(1);
  });

  it('names an alias to an anchor that is never set', () => {
    expect(problemsOf('a: *nope\n')).to.deep.equal(['config/dev.yaml: not valid YAML: unresolved alias (the anchor must be set before the alias): nope']);
  });
});
