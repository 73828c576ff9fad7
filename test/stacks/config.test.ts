import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig, resolveConfig } from '../../stacks/config';
import { configProblems, rawEnvironment, rawProject, TEST_ACCOUNT } from '../support/environment';

/** Resolve a project whose dev environment has `devOverrides` (and prod, `prodOverrides`); return the problems. */
const problemsOf = (devOverrides: Record<string, unknown> = {}, prodOverrides: Record<string, unknown> = {}, project = rawProject()) =>
  configProblems({ project, dev: rawEnvironment('dev', devOverrides), prod: rawEnvironment('prod', prodOverrides) });

const network = (over: Record<string, unknown>) => ({ network: { ...(rawEnvironment('dev').network as object), ...over } });
const cluster = (env: 'dev' | 'prod', over: Record<string, unknown>) => ({ cluster: { ...(rawEnvironment(env).cluster as object), ...over } });

describe('stacks/config', () => {
  it('accepts the test project and merges project-wide values into each environment', () => {
    const project = resolveConfig({ project: rawProject(), environments: { dev: rawEnvironment('dev'), prod: rawEnvironment('prod') } });
    expect(project.environments.map((e) => e.name)).to.deep.equal(['dev', 'prod']);
    const dev = project.environments[0];
    expect(dev.namePrefix).to.equal('qa');
    expect(dev.github.repo).to.equal('chatbot-platform');
    expect(dev.logRetentionDays).to.equal(30);
    expect(dev.network.interfaceEndpoints).to.include('bedrock-runtime');
    expect(dev.registry).to.deep.equal({ keepTaggedImages: 30, untaggedExpiryDays: 7 });
  });

  it('loads and validates the committed config/ files', () => {
    const project = loadConfig(join(__dirname, '../../config'));
    expect(project.environments.map((e) => e.name)).to.deep.equal(['dev', 'prod']);
    const prod = project.environments.find((e) => e.name === 'prod')!;
    expect(prod.production).to.equal(true);
    expect(prod.cluster.publicEndpointCidrs).to.not.include('0.0.0.0/0');
  });

  type Raw = Record<string, unknown>;
  const cases: Array<{ what: string; dev?: Raw; prod?: Raw; project?: Raw; expected: RegExp }> = [
    { what: 'a malformed CIDR', dev: network({ vpcCidr: '10.20.0.0/33' }), expected: /config\/dev\.yaml: network\.vpcCidr: .*CIDR/ },
    { what: 'a CIDR with host bits set', dev: network({ vpcCidr: '10.20.0.1/16' }), expected: /network\.vpcCidr: .*no host bits/ },
    { what: 'a VPC too small for the subnets', dev: network({ vpcCidr: '10.20.0.0/24' }), expected: /network\.vpcCidr: the VPC needs a \/16 to \/20/ },
    { what: 'too few AZs', dev: network({ azCount: 1 }), expected: /network\.azCount: EKS needs subnets in at least 2/ },
    { what: 'too many AZs', dev: network({ azCount: 7 }), expected: /network\.azCount: at most 6/ },
    { what: 'an unknown NAT strategy', dev: network({ natStrategy: 'none' }), expected: /network\.natStrategy: natStrategy must be "single"/ },
    { what: 'an unknown interface endpoint', dev: network({ interfaceEndpoints: ['dynamodb'] }), expected: /network\.interfaceEndpoints\.0: interface endpoints must be among/ },
    { what: 'an 11-digit account id', dev: { accountId: '12345678901' }, expected: /dev\.yaml: accountId: must be exactly 12 digits/ },
    { what: 'an unquoted (numeric) account id', dev: { accountId: 123456789012 }, expected: /accountId: must be a quoted 12-digit AWS account id/ },
    { what: 'an unknown region', dev: { region: 'eu-middle-9' }, expected: /dev\.yaml: region: unknown AWS region/ },
    { what: 'an empty model id', dev: { bedrock: { primaryModelId: '  ', fallbackModelId: 'eu.amazon.nova-lite-v1:0' } }, expected: /bedrock\.primaryModelId: set the Bedrock model/ },
    { what: 'a fallback equal to the primary', dev: { bedrock: { primaryModelId: 'm', fallbackModelId: 'm' } }, expected: /bedrock\.fallbackModelId: must differ/ },
    { what: 'prod with an API endpoint open to the internet', prod: cluster('prod', { publicEndpointCidrs: ['0.0.0.0/0'] }), expected: /prod\.yaml: cluster\.publicEndpointCidrs: a production cluster API must not be open/ },
    { what: 'prod with a single NAT gateway', prod: { network: { ...(rawEnvironment('prod').network as object), natStrategy: 'single' } }, expected: /prod\.yaml: network\.natStrategy: production needs "per-az"/ },
    { what: 'prod without WAF', prod: { site: { enableWaf: false } }, expected: /prod\.yaml: site\.enableWaf: production puts AWS WAF/ },
    { what: 'an unquoted Kubernetes version', dev: cluster('dev', { version: 1.3 }), expected: /cluster\.version: set the Kubernetes version as a quoted string/ },
    { what: 'node group sizes out of order', dev: cluster('dev', { nodeGroup: { instanceTypes: ['m7i.large'], minSize: 3, desiredSize: 2, maxSize: 4 } }), expected: /cluster\.nodeGroup: node group sizes must satisfy/ },
    { what: 'an assumed-role session as admin', dev: cluster('dev', { adminPrincipalArns: [`arn:aws:sts::${TEST_ACCOUNT}:assumed-role/Admin/me`] }), expected: /cluster\.adminPrincipalArns\.0: must be an IAM role or user ARN/ },
    { what: 'a certificate outside us-east-1', dev: { site: { domainName: 'chat.example.com', certificateArn: `arn:aws:acm:eu-west-1:${TEST_ACCOUNT}:certificate/abc-123`, enableWaf: false } }, expected: /site\.certificateArn: must be an ACM certificate ARN in us-east-1/ },
    { what: 'a domain without a certificate', dev: { site: { domainName: 'chat.example.com', enableWaf: false } }, expected: /site: set domainName and certificateArn together/ },
    { what: 'a log retention CloudWatch rejects', dev: { logRetentionDays: 10 }, expected: /logRetentionDays: CloudWatch accepts only/ },
    { what: 'an environment in another account than the state', dev: { accountId: '999988887777' }, expected: /dev\.yaml: accountId: 999988887777 differs from state\.accountId/ },
    { what: 'two environments sharing a VPC range', prod: { network: { ...(rawEnvironment('prod').network as object), vpcCidr: '10.20.0.0/16' } }, expected: /prod\.yaml: network\.vpcCidr: 10\.20\.0\.0\/16 is also used by dev/ },
    { what: 'a wildcard GitHub owner', project: rawProject({ github: { owner: '*', repo: 'x', defaultBranch: 'main' } }), expected: /project\.yaml: github\.owner: .*no wildcards/ },
    { what: 'a bad name prefix', project: rawProject({ namePrefix: 'QA_Prod' }), expected: /project\.yaml: namePrefix: must be 2-16 characters/ },
    { what: 'no environments', project: rawProject({ environments: [] }), expected: /project\.yaml: environments: list at least one environment/ },
  ];
  for (const c of cases) {
    it(`rejects ${c.what} with a message naming the field and the fix`, () => {
      const problems = problemsOf(c.dev, c.prod, c.project);
      expect(problems.join('\n')).to.match(c.expected);
    });
  }

  it('reports every problem at once, across files', () => {
    const problems = problemsOf({ accountId: 'x', region: 'nowhere' }, cluster('prod', { publicEndpointCidrs: ['0.0.0.0/0'] }));
    expect(problems).to.have.length(3);
    expect(problems.filter((p) => p.includes('dev.yaml'))).to.have.length(2);
  });

  describe('loadConfig (files)', () => {
    const made: string[] = [];
    afterEach(() => {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    /** A copy of config/ with `files` replaced (undefined: removed); removed after each test. */
    function configDir(files: Record<string, string | undefined>): string {
      const dir = mkdtempSync(join(tmpdir(), 'config-'));
      made.push(dir);
      cpSync(join(__dirname, '../../config'), dir, { recursive: true });
      for (const [name, text] of Object.entries(files)) {
        if (text === undefined) rmSync(join(dir, name));
        else writeFileSync(join(dir, name), text);
      }
      return dir;
    }

    function loadProblems(dir: string, chosenBy?: string): string[] {
      try {
        loadConfig(dir, chosenBy);
      } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return [...(e as ConfigError).problems];
      }
      return [];
    }

    it('names a missing environment file and the project file that lists it', () => {
      const dir = configDir({ 'project.yaml': 'namePrefix: qa\ngithub: {owner: a, repo: b, defaultBranch: main}\nstate: {accountId: "123456789012", region: eu-west-1}\nenvironments: [dev, staging]\n' });
      expect(loadProblems(dir)).to.deep.equal([
        `${dir}/staging.yaml: file not found (${dir}/project.yaml lists environment "staging"); add it, or remove "staging" from environments`,
      ]);
    });

    it('locates a YAML syntax error: file, line, column, the line and a caret', () => {
      const dir = configDir({ 'dev.yaml': 'production: false\nnetwork:\n  vpcCidr: 10.20.0.0/16\n  azCount: [2\n  natStrategy: single\n' });
      expect(loadProblems(dir)).to.deep.equal([
        `${dir}/dev.yaml:4:12: not valid YAML: this list is never closed; end it with "]"\n     4 |   azCount: [2\n       |            ^`,
      ]);
    });

    it('indents a problem\'s excerpt under it in the printed list', () => {
      const dir = configDir({ 'dev.yaml': 'a: [1\n' });
      expect(() => loadConfig(dir)).to.throw(ConfigError).with.property(
        'message',
        `Invalid configuration:\n  - ${dir}/dev.yaml:1:4: not valid YAML: this list is never closed; end it with "]"\n` +
          '         1 | a: [1\n' +
          '           |    ^',
      );
    });

    it('names a duplicate key', () => {
      const dir = configDir({ 'prod.yaml': 'production: true\nregion: eu-west-1\nregion: eu-west-2\n' });
      expect(loadProblems(dir)).to.deep.equal([`${dir}/prod.yaml:3:1: region: duplicate key, first set on line 2; keep one of them\n     3 | region: eu-west-2\n       | ^`]);
    });

    it('names a file that holds a list instead of settings', () => {
      const dir = configDir({ 'dev.yaml': '- production: false\n- region: eu-west-1\n' });
      expect(loadProblems(dir)).to.deep.equal([
        `${dir}/dev.yaml: expected a mapping of settings at the top of the file (key: value lines, e.g. production: false), got a list of 2 entries`,
      ]);
    });

    it('says a folder chosen by PLATFORM_CONFIG_DIR does not exist, and what it should hold', () => {
      const dir = join(tmpdir(), 'no-such-config-folder');
      expect(loadProblems(dir, 'PLATFORM_CONFIG_DIR')).to.deep.equal([
        `PLATFORM_CONFIG_DIR=${dir}: the config folder does not exist; PLATFORM_CONFIG_DIR must name a folder holding project.yaml and one <environment>.yaml ` +
          'per environment that project.yaml lists (like config/ in this repository), or be unset to use config/',
      ]);
    });

    it('says a missing project.yaml is missing, in a folder that exists', () => {
      const dir = configDir({ 'project.yaml': undefined });
      expect(loadProblems(dir)).to.deep.equal([
        `${dir}/project.yaml: file not found; a config folder holds project.yaml and one <environment>.yaml per environment that project.yaml lists. ` +
          'project.yaml sets the name prefix, the GitHub repository, the state account and the environments: start from config/project.yaml in this repository',
      ]);
    });

    it('names files relative to the working directory when they are under it', () => {
      const dir = configDir({ 'dev.yaml': 'a: [1\n' });
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        expect(loadProblems(dir)[0]).to.match(/^dev\.yaml:1:4: not valid YAML/);
      } finally {
        process.chdir(cwd);
      }
    });
  });
});
