/**
 * The values of the chatbot's public entry that only Terraform knows (the WAF ACL's and the
 * certificate's ARNs, the Cognito pool and client ids, the token table's name), as kustomize
 * patches for the chatbot's overlay. The add-ons stack gives them to the Argo CD root Application,
 * which sets them as `spec.source.kustomize.patches` of `chatbot-<env>`: they reach the Ingresses
 * and the Deployment through GitOps, are never written into Git, and follow every Terraform change
 * on the next apply of `addons-<env>` (docs/addons-and-gitops.md, "Values only Terraform knows").
 * Everything that follows from config/<env>.yaml alone (host, sign-in kind, load balancer name,
 * daily budget) is written in the overlay instead, where a test keeps it equal to the config.
 */
import type { KustomizePatch } from '../modules/addons/argocd-root-app/values';
import type { ChatCognitoOutputs } from '../modules/edge/chat-edge';

/** Annotations and variables set here (names checked against the controller's docs and the chatbot's config). */
export const INJECTED_INGRESS_ANNOTATIONS = {
  webAclArn: 'alb.ingress.kubernetes.io/wafv2-acl-arn',
  certificateArn: 'alb.ingress.kubernetes.io/certificate-arn',
  cognito: 'alb.ingress.kubernetes.io/auth-idp-cognito',
} as const;

export const INJECTED_CHATBOT_VARIABLES = {
  tokenTable: 'SPEND_TABLE',
  issuer: 'AUTH_ISSUER',
  clientId: 'AUTH_CLIENT_ID',
  signOutUrl: 'AUTH_LOGOUT_URL',
} as const;

/** The Ingresses that sign users in (components/sign-in): the Cognito action goes on these. */
export const SIGNED_IN_INGRESSES = ['chatbot', 'chatbot-api'] as const;

/** The Terraform-made values of one environment's edge (`PlatformStack.edge`), each absent when not made. */
export interface ChatbotEdgeFacts {
  /** The regional WAF web ACL (edge.waf.enabled). */
  readonly webAclArn?: string;
  /** The chat host's ACM certificate (edge.domain). */
  readonly certificateArn?: string;
  /** The Cognito user pool (edge.auth.provider: cognito). */
  readonly cognito?: ChatCognitoOutputs;
  /** The shared daily token counter (edge.dailyTokenBudget). */
  readonly tokenTableName?: string;
}

const INGRESS = { group: 'networking.k8s.io', kind: 'Ingress' } as const;

/** A strategic-merge patch adding `annotations` to every Ingress `target` selects (the name in the patch is ignored). */
function ingressAnnotations(name: string | undefined, annotations: Readonly<Record<string, string>>): KustomizePatch {
  return {
    target: { ...INGRESS, ...(name === undefined ? {} : { name }) },
    patch: JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'any', annotations } }),
  };
}

/**
 * The patches for `gitops/apps/chatbot/overlays/<env>`, in a fixed order: every Ingress gets the
 * WAF ACL and the certificate, the signed-in Ingresses the Cognito action, the chatbot container
 * the variables; nothing for a fact that is absent (an overlay without a domain stays HTTP-only).
 */
export function chatbotEdgePatches(facts: ChatbotEdgeFacts): KustomizePatch[] {
  const patches: KustomizePatch[] = [];
  const everyIngress: Record<string, string> = {};
  // Exclusive across the group: the same value on each Ingress of the ALB, so none disagrees.
  if (facts.webAclArn !== undefined) everyIngress[INJECTED_INGRESS_ANNOTATIONS.webAclArn] = facts.webAclArn;
  if (facts.certificateArn !== undefined) everyIngress[INJECTED_INGRESS_ANNOTATIONS.certificateArn] = facts.certificateArn;
  if (Object.keys(everyIngress).length > 0) patches.push(ingressAnnotations(undefined, everyIngress));

  const env: Array<{ name: string; value: string }> = [];
  if (facts.cognito !== undefined) {
    const { userPoolArn, userPoolClientId, userPoolDomain, issuer, signOutUrl } = facts.cognito;
    // The controller's documented keys (annotations.md, auth-idp-cognito): the domain is the prefix only.
    const idp = JSON.stringify({ userPoolARN: userPoolArn, userPoolClientID: userPoolClientId, userPoolDomain });
    patches.push(ingressAnnotations(SIGNED_IN_INGRESSES.join('|'), { [INJECTED_INGRESS_ANNOTATIONS.cognito]: idp }));
    // The chatbot accepts only tokens the ALB got from this pool, for this app client.
    env.push(
      { name: INJECTED_CHATBOT_VARIABLES.issuer, value: issuer },
      { name: INJECTED_CHATBOT_VARIABLES.clientId, value: userPoolClientId },
      { name: INJECTED_CHATBOT_VARIABLES.signOutUrl, value: signOutUrl },
    );
  }
  if (facts.tokenTableName !== undefined) env.push({ name: INJECTED_CHATBOT_VARIABLES.tokenTable, value: facts.tokenTableName });
  if (env.length > 0) {
    patches.push({
      target: { group: 'apps', kind: 'Deployment', name: 'chatbot' },
      // `env` merges by name into the container's list; it takes precedence over envFrom.
      patch: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'chatbot' },
        spec: { template: { spec: { containers: [{ name: 'chatbot', env }] } } },
      }),
    });
  }
  return patches;
}
