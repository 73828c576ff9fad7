import { expect } from 'chai';
import { chatbotEdgePatches } from '../../stacks/chatbot-edge-patches';

const WAF = 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/qa-prod-chat/3f0e2a1b';
const CERT = 'arn:aws:acm:eu-west-1:111122223333:certificate/3f0e2a1b';
const COGNITO = {
  userPoolArn: 'arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Abc',
  userPoolClientId: 'client123',
  userPoolDomain: 'qa-prod-chat',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc',
  signOutUrl: 'https://qa-prod-chat.auth.eu-west-1.amazoncognito.com/logout?client_id=client123&logout_uri=https%3A%2F%2Fchat.example.com%2F',
};

/** The patches with their text parsed. */
function parsed(facts: Parameters<typeof chatbotEdgePatches>[0]) {
  return chatbotEdgePatches(facts).map((p) => ({ target: p.target, patch: JSON.parse(p.patch) }));
}

describe('stacks/chatbot-edge-patches', () => {
  it('hands down nothing when Terraform made nothing (an HTTP-only environment without WAF or budget)', () => {
    expect(chatbotEdgePatches({})).to.deep.equal([]);
  });

  it('puts the WAF ACL and the certificate on every Ingress of the chatbot', () => {
    const [every, ...rest] = parsed({ webAclArn: WAF, certificateArn: CERT });
    expect(rest).to.deep.equal([]);
    expect(every!.target).to.deep.equal({ group: 'networking.k8s.io', kind: 'Ingress' });
    expect(every!.patch.metadata.annotations).to.deep.equal({ 'alb.ingress.kubernetes.io/wafv2-acl-arn': WAF, 'alb.ingress.kubernetes.io/certificate-arn': CERT });
  });

  it('puts the Cognito action, in the controller\'s documented keys, on the signed-in Ingresses only, and tells the chatbot the issuer, client and logout URL', () => {
    const [idp, env] = parsed({ cognito: COGNITO });
    expect(idp!.target).to.deep.equal({ group: 'networking.k8s.io', kind: 'Ingress', name: 'chatbot|chatbot-api' });
    expect(JSON.parse(idp!.patch.metadata.annotations['alb.ingress.kubernetes.io/auth-idp-cognito'])).to.deep.equal({
      userPoolARN: COGNITO.userPoolArn,
      userPoolClientID: 'client123',
      userPoolDomain: 'qa-prod-chat',
    });
    expect(env!.target).to.deep.equal({ group: 'apps', kind: 'Deployment', name: 'chatbot' });
    expect(env!.patch.spec.template.spec.containers).to.deep.equal([
      {
        name: 'chatbot',
        env: [
          { name: 'AUTH_ISSUER', value: COGNITO.issuer },
          { name: 'AUTH_CLIENT_ID', value: 'client123' },
          { name: 'AUTH_LOGOUT_URL', value: COGNITO.signOutUrl },
        ],
      },
    ]);
  });

  it('tells the chatbot the token table, in the same container patch as the sign-in values', () => {
    const patches = parsed({ cognito: COGNITO, tokenTableName: 'qa-prod-chatbot-tokens', webAclArn: WAF });
    expect(patches.map((p) => p.target.kind)).to.deep.equal(['Ingress', 'Ingress', 'Deployment']);
    expect(patches[2]!.patch.spec.template.spec.containers[0].env.at(-1)).to.deep.equal({ name: 'SPEND_TABLE', value: 'qa-prod-chatbot-tokens' });
  });
});
