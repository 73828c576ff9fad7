import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import { Construct } from 'constructs';
import type { CognitoAuthConfig } from '../shared/environment-config';

/** Where the ALB sends the browser back after the IdP: fixed by the ALB's authenticate action. */
export const ALB_CALLBACK_PATH = '/oauth2/idpresponse';

/** The scopes the ALB asks for: the `openid` ID token plus the user's email and name for the UI. */
export const ALB_OAUTH_SCOPES = ['openid', 'email', 'profile'] as const;

const MFA = { off: 'OFF', optional: 'OPTIONAL', on: 'ON' } as const;
const ADVANCED_SECURITY = { off: 'OFF', audit: 'AUDIT', enforced: 'ENFORCED' } as const;

export interface ChatUserPoolProps {
  /** User pool and client name (`<prefix>-<env>-chat`). */
  readonly name: string;
  readonly region: string;
  /** The chat host the ALB answers on: the only callback and sign-out target. */
  readonly domain: string;
  readonly config: CognitoAuthConfig;
  /** Production keeps the pool (and its users) from being deleted by a destroy or a replacement. */
  readonly production: boolean;
}

/**
 * The Cognito user pool the ALB signs chat users in with (`alb.ingress.kubernetes.io/auth-type:
 * cognito`): users are invited by an admin unless `selfSignUp`, sign in with their email, MFA by
 * authenticator app as configured, threat protection as configured (the Plus tier, which it needs).
 * The app client has a generated secret that the ALB reads from Cognito itself: it is in no output,
 * no parameter and no plan comment (the provider marks it sensitive; the state is KMS-encrypted).
 */
export class ChatUserPool extends Construct {
  readonly userPool: CognitoUserPool;
  readonly client: CognitoUserPoolClient;
  /** The hosted UI; its `domain` is the prefix, as the LB controller's `userPoolDomain` takes it. */
  readonly domain: CognitoUserPoolDomain;
  /** The `iss` of the pool's tokens, and of the ALB's `x-amzn-oidc-data` claims. */
  readonly issuer: string;
  /** Cognito's logout endpoint for this client, back to the chat host: the chatbot's AUTH_LOGOUT_URL. */
  readonly signOutUrl: string;

  constructor(scope: Construct, id: string, props: ChatUserPoolProps) {
    super(scope, id);
    const { config } = props;
    const chatUrl = `https://${props.domain}/`;
    this.userPool = new CognitoUserPool(this, 'user-pool', {
      name: props.name,
      userPoolTier: config.advancedSecurity === 'off' ? 'ESSENTIALS' : 'PLUS',
      deletionProtection: props.production ? 'ACTIVE' : 'INACTIVE',
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      usernameConfiguration: { caseSensitive: false },
      adminCreateUserConfig: { allowAdminCreateUserOnly: !config.selfSignUp },
      mfaConfiguration: MFA[config.mfa],
      ...(config.mfa === 'off' ? {} : { softwareTokenMfaConfiguration: { enabled: true } }),
      userPoolAddOns: { advancedSecurityMode: ADVANCED_SECURITY[config.advancedSecurity] },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 3,
      },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
    });
    this.client = new CognitoUserPoolClient(this, 'alb-client', {
      name: `${props.name}-alb`,
      userPoolId: this.userPool.id,
      // The ALB is a confidential client: it authenticates to the token endpoint with the secret.
      generateSecret: true,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['code'],
      allowedOauthScopes: [...ALB_OAUTH_SCOPES],
      callbackUrls: [`https://${props.domain}${ALB_CALLBACK_PATH}`],
      logoutUrls: [chatUrl],
      supportedIdentityProviders: ['COGNITO'],
      // Only the hosted UI signs users in; no password flow reaches the pool through this client.
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 12,
      tokenValidityUnits: [{ accessToken: 'minutes', idToken: 'minutes', refreshToken: 'hours' }],
    });
    this.domain = new CognitoUserPoolDomain(this, 'hosted-domain', { domain: config.domainPrefix, userPoolId: this.userPool.id });

    this.issuer = `https://${this.userPool.endpoint}`;
    this.signOutUrl = `https://${config.domainPrefix}.auth.${props.region}.amazoncognito.com/logout?client_id=${this.client.id}&logout_uri=${encodeURIComponent(chatUrl)}`;
  }
}
