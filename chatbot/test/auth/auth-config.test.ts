import { expect } from 'chai';
import { loadConfig } from '../../src/config';
import { configError } from '../support/config-error';

const ARN = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/chat-dev-chatbot/50dc6c495c0c9188';

describe('config: sign-in (AUTH_*)', () => {
  it('has no sign-in by default', () => {
    expect(loadConfig({}).auth).to.deep.equal({ mode: 'none' });
  });

  it('pins the signer by name, account and region (the Ingress names the ALB; its ARN comes later)', () => {
    const auth = loadConfig({ AUTH_MODE: 'alb', AUTH_ALB_NAME: 'chat-dev-chatbot', AUTH_ALB_ACCOUNT: '111122223333', AWS_REGION: 'eu-west-1' }).auth;
    expect(auth).to.deep.equal({
      mode: 'alb',
      signer: { partition: 'aws', region: 'eu-west-1', account: '111122223333', name: 'chat-dev-chatbot' },
      keyEndpoint: 'https://public-keys.auth.elb.eu-west-1.amazonaws.com',
      issuer: undefined,
      clientId: undefined,
      leewaySeconds: 30,
      logoutUrl: undefined,
      sessionCookie: 'AWSELBAuthSessionCookie',
    });
  });

  it('pins the signer by exact ARN, or by the ARN prefix up to the name', () => {
    const exact = loadConfig({ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN }).auth;
    expect(exact).to.deep.include({ signer: { partition: 'aws', region: 'eu-west-1', account: '111122223333', name: 'chat-dev-chatbot', id: '50dc6c495c0c9188' } });
    const prefix = loadConfig({ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN.replace('50dc6c495c0c9188', '') }).auth;
    expect(prefix).to.deep.include({ signer: { partition: 'aws', region: 'eu-west-1', account: '111122223333', name: 'chat-dev-chatbot' } });
  });

  it('takes the optional checks and sign-out settings', () => {
    const auth = loadConfig({
      AUTH_MODE: 'alb',
      AUTH_ALB_ARN: ARN,
      AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
      AUTH_CLIENT_ID: 'abc123',
      AUTH_LOGOUT_URL: 'https://chat.auth.eu-west-1.amazoncognito.com/logout?client_id=abc123&logout_uri=https://chat.example.com/',
      AUTH_SESSION_COOKIE: 'ChatSession',
      AUTH_CLOCK_LEEWAY_SECONDS: '5',
      AUTH_ALB_KEY_ENDPOINT: 'http://127.0.0.1:9999/',
    }).auth;
    expect(auth).to.deep.include({ issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123', clientId: 'abc123', sessionCookie: 'ChatSession', leewaySeconds: 5, keyEndpoint: 'http://127.0.0.1:9999' });
  });

  for (const [env, variable, words] of [
    [{ AUTH_MODE: 'oidc' }, 'AUTH_MODE', 'must be one of none, alb'],
    [{ AUTH_ALB_NAME: 'x' }, 'AUTH_ALB_NAME', 'AUTH_MODE is not alb'],
    [{ AUTH_MODE: 'alb' }, 'AUTH_ALB_NAME', 'is required when AUTH_MODE=alb'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_ARN: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/x/50dc6c495c0c9188' }, 'AUTH_ALB_ARN', 'Application Load Balancer ARN'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN.replace('/50dc6c495c0c9188', '') }, 'AUTH_ALB_ARN', 'ending in the name and a slash'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN, AUTH_ALB_NAME: 'chat' }, 'AUTH_ALB_NAME', 'one way only'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_NAME: '-bad-', AUTH_ALB_ACCOUNT: '111122223333', AWS_REGION: 'eu-west-1' }, 'AUTH_ALB_NAME', 'must be a load balancer name'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_NAME: 'internal-chat', AUTH_ALB_ACCOUNT: '111122223333', AWS_REGION: 'eu-west-1' }, 'AUTH_ALB_NAME', 'internal-'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_NAME: 'chat', AWS_REGION: 'eu-west-1' }, 'AUTH_ALB_ACCOUNT', '12-digit'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_NAME: 'chat', AUTH_ALB_ACCOUNT: '111122223333' }, 'AUTH_ALB_REGION', 'is required when AUTH_ALB_NAME is set'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_NAME: 'chat', AUTH_ALB_ACCOUNT: '111122223333', AUTH_ALB_REGION: 'Ireland' }, 'AUTH_ALB_REGION', 'must be an AWS region'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_NAME: 'chat', AUTH_ALB_ACCOUNT: '111122223333', AUTH_ALB_REGION: 'us-gov-west-1' }, 'AUTH_ALB_KEY_ENDPOINT', 'aws-us-gov partition'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN, AUTH_ALB_KEY_ENDPOINT: 'http://keys.example.com' }, 'AUTH_ALB_KEY_ENDPOINT', 'plain http only to localhost'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN, AUTH_ALB_KEY_ENDPOINT: 'https://keys.example.com/?x=1' }, 'AUTH_ALB_KEY_ENDPOINT', 'must not have a ?query'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN, AUTH_LOGOUT_URL: 'javascript:alert(1)' }, 'AUTH_LOGOUT_URL', 'must be an https URL'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN, AUTH_ISSUER: 'cognito' }, 'AUTH_ISSUER', 'https issuer URL'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN, AUTH_SESSION_COOKIE: 'a;b' }, 'AUTH_SESSION_COOKIE', 'cookie name'],
    [{ AUTH_MODE: 'alb', AUTH_ALB_ARN: ARN, AUTH_CLOCK_LEEWAY_SECONDS: '3600' }, 'AUTH_CLOCK_LEEWAY_SECONDS', 'between 0 and 300'],
  ] as const) {
    it(`names ${variable} when ${JSON.stringify(env)}`, () => {
      const err = configError(env);
      expect(err.variable).to.equal(variable);
      expect(err.message).to.contain(words);
    });
  }
});
