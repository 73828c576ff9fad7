/** The rule list the policy suite runs over every stack (one list per area, in this order). */
import type { PolicyRule } from '../policy-rule';
import { ALARM_RULES } from './alarms';
import { BACKEND_RULES } from './backend';
import { CHAT_CHANNEL_RULES } from './chat-channels';
import { CI_ROLE_RULES } from './ci-roles';
import { DNS_RULES } from './dns-records';
import { EDGE_RULES } from './edge';
import { EKS_RULES } from './eks';
import { FEDERATED_TRUST_RULES } from './federated-trust';
import { IAM_RULES } from './iam';
import { LAUNCH_TEMPLATE_RULES } from './launch-template';
import { LOGGING_AND_KEY_RULES } from './logging-and-keys';
import { NETWORK_RULES } from './network';
import { NODE_AUTOSCALING_RULES } from './node-autoscaling';
import { PARAMETER_RULES } from './parameters';
import { PERMISSIONS_BOUNDARY_RULES } from './permissions-boundary';
import { PUBLIC_ENTRY_RULES } from './public-entry';
import { REGISTRY_RULES } from './registry';
import { STORAGE_RULES } from './storage';
import { TAG_SCOPED_MUTATION_RULES } from './tag-scoped-mutations';

export const ALL_RULES: readonly PolicyRule[] = [
  ...IAM_RULES,
  ...PERMISSIONS_BOUNDARY_RULES,
  ...TAG_SCOPED_MUTATION_RULES,
  ...FEDERATED_TRUST_RULES,
  ...CI_ROLE_RULES,
  ...STORAGE_RULES,
  ...REGISTRY_RULES,
  ...EKS_RULES,
  ...LAUNCH_TEMPLATE_RULES,
  ...LOGGING_AND_KEY_RULES,
  ...BACKEND_RULES,
  ...NETWORK_RULES,
  ...EDGE_RULES,
  ...PUBLIC_ENTRY_RULES,
  ...DNS_RULES,
  ...PARAMETER_RULES,
  ...ALARM_RULES,
  ...CHAT_CHANNEL_RULES,
  ...NODE_AUTOSCALING_RULES,
];
