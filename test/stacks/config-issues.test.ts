import { expect } from 'chai';
import { configProblems, rawEnvironment, rawProject } from '../support/environment';

type Raw = Record<string, unknown>;

const dev = (overrides: Raw) => rawEnvironment('dev', overrides);
const devNetwork = (over: Raw) => dev({ network: { ...(rawEnvironment('dev').network as Raw), ...over } });
const devNodeGroup = (over: Raw) => {
  const cluster = rawEnvironment('dev').cluster as Raw;
  return dev({ cluster: { ...cluster, nodeGroup: { ...(cluster.nodeGroup as Raw), ...over } } });
};

describe('stacks/config-issues (schema problems in words)', () => {
  describe('unknown keys', () => {
    it('names a misspelled nested key and the key it was meant to be (case only)', () => {
      const site = { ...(rawEnvironment('prod').site as Raw) };
      delete site.enableWaf;
      // Before strict objects this synthesized a production site without WAF and said nothing.
      expect(configProblems({ prod: rawEnvironment('prod', { site: { ...site, enableWAF: true } }) })).to.deep.equal([
        'config/prod.yaml: site.enableWAF: unknown key; did you mean enableWaf?',
      ]);
    });

    it('names a misspelled top-level key (one edit away) instead of dropping it', () => {
      expect(configProblems({ dev: dev({ logRetentionDay: 7 }) })).to.deep.equal(['config/dev.yaml: logRetentionDay: unknown key; did you mean logRetentionDays?']);
    });

    it('names a misspelled key two levels down, and does not also report the key it replaces as missing', () => {
      const nodeGroup = { ...((rawEnvironment('dev').cluster as Raw).nodeGroup as Raw) };
      const { instanceTypes, ...rest } = nodeGroup;
      const cluster = { ...(rawEnvironment('dev').cluster as Raw), nodeGroup: { ...rest, instanceType: instanceTypes } };
      expect(configProblems({ dev: dev({ cluster }) })).to.deep.equal(['config/dev.yaml: cluster.nodeGroup.instanceType: unknown key; did you mean instanceTypes?']);
    });

    it('lists the valid keys when no key is close', () => {
      expect(configProblems({ dev: devNetwork({ colour: 'blue' }) })).to.deep.equal([
        'config/dev.yaml: network.colour: unknown key; valid keys here are vpcCidr, azCount, natStrategy, interfaceEndpoints',
      ]);
    });

    it('reports one message per unknown key, in the project file too', () => {
      expect(configProblems({ project: rawProject({ githb: {}, stat: {} }) })).to.have.members([
        'config/project.yaml: githb: unknown key; did you mean github?',
        'config/project.yaml: stat: unknown key; did you mean state?',
      ]);
    });

    it('keeps tags free-form: any tag name is accepted', () => {
      expect(configProblems({ dev: dev({ tags: { 'enableWAF': 'x', 'team:name': 'y' } }) })).to.deep.equal([]);
    });
  });

  describe('type errors: expected in words, what the YAML held, an example', () => {
    const cases: Array<{ what: string; dev: Raw; expected: string }> = [
      { what: 'text for a number', dev: devNetwork({ azCount: 'two' }), expected: 'network.azCount: expected a whole number from 2 to 6, got the text "two"; e.g. azCount: 2' },
      { what: 'text for true/false', dev: dev({ production: 'yes' }), expected: 'production: expected true or false, got the text "yes"; e.g. production: false' },
      { what: 'a list for a mapping', dev: dev({ bedrock: ['a', 'b'] }), expected: 'bedrock: expected a mapping with the keys primaryModelId, fallbackModelId, got a list of 2 entries' },
      { what: 'a missing mapping', dev: dev({ network: undefined }), expected: 'network: expected a mapping with the keys vpcCidr, azCount, natStrategy, interfaceEndpoints, got nothing' },
      { what: 'a number out of range', dev: dev({ registry: { keepTaggedImages: 0 } }), expected: 'registry.keepTaggedImages: expected a whole number from 1 to 1000, got the number 0; e.g. keepTaggedImages: 30' },
      { what: 'a number for a list entry', dev: dev({ cluster: { ...(rawEnvironment('dev').cluster as Raw), publicEndpointCidrs: [5] } }), expected: 'cluster.publicEndpointCidrs.0: expected text, got the number 5; e.g. publicEndpointCidrs: [203.0.113.0/24]' },
      { what: 'a wrong enum value, with the near one', dev: devNodeGroup({ capacityType: 'spot' }), expected: 'cluster.nodeGroup.capacityType: expected "ON_DEMAND" or "SPOT", got the text "spot"; did you mean SPOT?' },
      { what: 'a wrong enum value, nothing near', dev: devNodeGroup({ capacityType: 'RESERVED' }), expected: 'cluster.nodeGroup.capacityType: expected "ON_DEMAND" or "SPOT", got the text "RESERVED"; e.g. capacityType: ON_DEMAND' },
      { what: 'text for a log retention', dev: dev({ logRetentionDays: 'two weeks' }), expected: 'logRetentionDays: expected a whole number, got the text "two weeks"; e.g. logRetentionDays: 30' },
    ];
    for (const c of cases) {
      it(`words ${c.what}`, () => {
        expect(configProblems({ dev: c.dev })).to.deep.equal([`config/dev.yaml: ${c.expected}`]);
      });
    }

    it('keeps a hand-written message where the schema has one (it names the fix)', () => {
      expect(configProblems({ dev: devNetwork({ natStrategy: 'none' }) })).to.deep.equal([
        'config/dev.yaml: network.natStrategy: natStrategy must be "single" (one shared NAT gateway) or "per-az" (one per zone)',
      ]);
    });

    it('words a document that is not a mapping at the top, or empty', () => {
      const top = 'expected a mapping of settings at the top of the file (key: value lines, e.g. production: false)';
      expect(configProblems({ dev: ['a', 'b'] })).to.deep.equal([`config/dev.yaml: ${top}, got a list of 2 entries`]);
      expect(configProblems({ dev: 'hello' })).to.deep.equal([`config/dev.yaml: ${top}, got the text "hello"`]);
      expect(configProblems({ dev: null })).to.deep.equal([`config/dev.yaml: ${top}, got an empty file`]);
      expect(configProblems({ project: 42 })).to.deep.equal([
        'config/project.yaml: expected a mapping of settings at the top of the file (key: value lines, e.g. namePrefix: qa), got the number 42',
      ]);
    });
  });
});
