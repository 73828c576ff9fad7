import { TerraformOutput } from 'cdktf';
import { expect } from 'chai';
import { type PlatformParameter, PlatformParameters, parameterNameProblems } from '../../../modules/params/platform-parameters';
import { parameterPathPrefix } from '../../../modules/shared/naming';
import { onlyResource, resourcesOf, synthConstructs } from '../../support/synth';

const PARAMETERS: PlatformParameter[] = [
  { name: 'chatbot/bedrock/primary-model-id', value: 'eu.amazon.nova-micro-v1:0', description: 'Primary model' },
  { name: 'chatbot/api-token', value: 's3cret', description: 'Token', secure: true },
];

function synth(parameters: readonly PlatformParameter[] = PARAMETERS, pathPrefix = parameterPathPrefix('qa', 'dev')) {
  let construct: PlatformParameters | undefined;
  const json = synthConstructs((stack) => {
    construct = new PlatformParameters(stack, 'params', { pathPrefix, parameters });
    // Fields are tokens until synthesis: outputs show what they resolve to.
    new TerraformOutput(stack, 'key_arn', { value: construct.keyArn });
  });
  return { json, construct: construct! };
}

function byName(json: ReturnType<typeof synth>['json']) {
  return Object.fromEntries(Object.values(resourcesOf(json, 'aws_ssm_parameter')).map((p) => [p.name, p]));
}

describe('modules/params/platform-parameters', () => {
  it('creates a rotating KMS key with an alias derived from the path prefix', () => {
    const { json } = synth();
    expect(onlyResource(json, 'aws_kms_key').enable_key_rotation).to.equal(true);
    const alias = onlyResource(json, 'aws_kms_alias');
    expect(alias.name).to.equal('alias/qa-dev-params');
    expect(alias.target_key_id).to.match(/^\$\{aws_kms_key\.[\w-]+\.key_id\}$/);
  });

  it('puts each parameter under the path prefix as a String, or as a SecureString with the key', () => {
    const parameters = byName(synth().json);
    expect(Object.keys(parameters)).to.have.members(['/qa/dev/chatbot/bedrock/primary-model-id', '/qa/dev/chatbot/api-token']);
    const plain = parameters['/qa/dev/chatbot/bedrock/primary-model-id'];
    expect(plain).to.deep.include({ type: 'String', value: 'eu.amazon.nova-micro-v1:0', description: 'Primary model' });
    expect(plain.key_id).to.equal(undefined);
    const secure = parameters['/qa/dev/chatbot/api-token'];
    expect(secure).to.deep.include({ type: 'SecureString', value: 's3cret' });
    expect(secure.key_id).to.match(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
  });

  it('exposes the key, its ARN, the prefix and the parameters by relative name', () => {
    const { json, construct } = synth();
    expect(construct.pathPrefix).to.equal('/qa/dev');
    expect(json.output?.key_arn.value).to.match(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
    expect(construct.key.enableKeyRotationInput).to.equal(true);
    expect(Object.keys(construct.parameters)).to.deep.equal(['chatbot/bedrock/primary-model-id', 'chatbot/api-token']);
    expect(construct.parameters['chatbot/api-token'].nameInput).to.equal('/qa/dev/chatbot/api-token');
  });

  it('rejects bad names, naming the parameter', () => {
    const named = (...names: string[]) => names.map((name) => ({ name, value: 'v', description: 'd' }));
    expect(parameterNameProblems(named('a/b', 'c.d_e-f'))).to.deep.equal([]);
    expect(() => synth(named('/chatbot/x'))).to.throw(/parameter "\/chatbot\/x".*leading "\/"/);
    expect(() => synth(named('chatbot/model id'))).to.throw(/parameter "chatbot\/model id".*letters, digits/);
    expect(() => synth(named('chatbot//x'))).to.throw(/parameter "chatbot\/\/x".*path segment/);
    expect(() => synth(named('chatbot/x', 'chatbot/x'))).to.throw(/parameter "chatbot\/x": defined more than once/);
  });

  it('rejects a path prefix that is not absolute or ends in a slash', () => {
    expect(() => synth(PARAMETERS, 'qa/dev')).to.throw(/pathPrefix "qa\/dev"/);
    expect(() => synth(PARAMETERS, '/qa/dev/')).to.throw(/pathPrefix "\/qa\/dev\/"/);
  });
});
