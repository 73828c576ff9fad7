/** Every gitops policy rule, in the order reports list them. */
import { ARGO_RULES } from './argo-rules';
import { INGRESS_RULES } from './ingress-rules';
import { NAMESPACE_RULES } from './namespace-rules';
import { applicationResourcesPermitted } from './project-permissions';
import { WORKLOAD_RULES } from './workload-rules';
import type { GitopsRule } from '../gitops-rule';

export const ALL_GITOPS_RULES: readonly GitopsRule[] = [
  ...WORKLOAD_RULES,
  ...NAMESPACE_RULES,
  ...ARGO_RULES,
  applicationResourcesPermitted,
  ...INGRESS_RULES,
];
