import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { type ClusterOidcIdentity, IrsaRole } from './irsa-role';
import { policyJson } from '../shared/policy-document';
import { SERVICE_ACCOUNTS } from '../shared/service-accounts';

/** Record types external-dns writes for an ALB host: alias A (and AAAA for dual-stack) plus its TXT ownership records. */
export const EXTERNAL_DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'TXT'] as const;

/**
 * The names external-dns writes for `host` with the TXT registry and no `txtPrefix`/`txtSuffix`:
 * the host itself and one ownership TXT record per record type, named `<type>-<first label>.<rest>`
 * (external-dns v0.21.0 `registry/mapper/mapper.go` `AffixNameMapper.ToTXTName`; an alias A record
 * is encoded as `cname`, `registry/txt/registry.go` `generateTXTRecordWithFilter`). Lower case, no
 * trailing dot: the form of Route 53's `ChangeResourceRecordSetsNormalizedRecordNames` key.
 */
export function externalDnsRecordNames(host: string): string[] {
  const normalized = host.toLowerCase().replace(/\.$/, '');
  const [first, ...rest] = normalized.split('.');
  const suffix = rest.length > 0 ? `.${rest.join('.')}` : '';
  return [normalized, ...['a', 'aaaa', 'cname'].map((type) => `${type}-${first}${suffix}`)];
}

export interface ExternalDnsIdentityProps {
  /** IAM role name, e.g. `qa-prod-external-dns`. */
  readonly roleName: string;
  /** The cluster's OIDC provider, which the role's trust policy names. */
  readonly cluster: ClusterOidcIdentity;
  /** ARN of the environment's permissions boundary (`permissionsBoundaryArn()`). */
  readonly permissionsBoundaryArn: string;
  /** The public hosted zone holding the chat host (an id such as `Z0123456789ABCDEFGHIJ`, or a data source's token). */
  readonly hostedZoneId: string;
  /** The one host whose records the role may change, e.g. `chat.example.com` (`edge.domain`). */
  readonly host: string;
}

/**
 * The IRSA role of external-dns: it may change the chat host's records, and only in the configured
 * hosted zone. Narrower than the policy external-dns documents (`hostedzone/*`,
 * docs/tutorials/aws.md at v0.21.0): the zone is named by its ARN, and Route 53's record-set
 * condition keys restrict the change to the host and its ownership TXT records of the types an ALB
 * alias needs. A compromised or misconfigured external-dns can neither touch another zone nor
 * another name in this one (say, the apex or an MX record).
 */
export class ExternalDnsIdentity extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  /** The role's policies: depend on these before running anything that uses the role. */
  readonly permissions: ReadonlyArray<IamRolePolicy | IamRolePolicyAttachment>;
  /** `arn:aws:route53:::hostedzone/<id>`: the only zone the role may change. */
  readonly hostedZoneArn: string;

  constructor(scope: Construct, id: string, props: ExternalDnsIdentityProps) {
    super(scope, id);
    if (/[*?]/.test(props.host) || !props.host.includes('.')) {
      throw new Error(`ExternalDnsIdentity: host "${props.host}" must be one fully qualified name such as chat.example.com (no wildcard)`);
    }
    // A token (zone looked up by name) cannot be checked here; a literal id can.
    if (!props.hostedZoneId.includes('${') && !/^Z[A-Z0-9]{1,31}$/.test(props.hostedZoneId)) {
      throw new Error(`ExternalDnsIdentity: hostedZoneId "${props.hostedZoneId}" is not a Route 53 hosted zone id (e.g. Z0123456789ABCDEFGHIJ, without /hostedzone/)`);
    }
    this.hostedZoneArn = `arn:aws:route53:::hostedzone/${props.hostedZoneId}`;
    const irsa = new IrsaRole(this, 'irsa', {
      roleName: props.roleName,
      cluster: props.cluster,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      serviceAccount: SERVICE_ACCOUNTS.externalDns,
      policy: policyJson(
        {
          Sid: 'ChangeChatHostRecordsInTheZone',
          Effect: 'Allow',
          Action: 'route53:ChangeResourceRecordSets',
          Resource: this.hostedZoneArn,
          Condition: {
            'ForAllValues:StringEquals': {
              'route53:ChangeResourceRecordSetsNormalizedRecordNames': externalDnsRecordNames(props.host),
              'route53:ChangeResourceRecordSetsRecordTypes': [...EXTERNAL_DNS_RECORD_TYPES],
            },
          },
        },
        {
          // Each sync reads the zone's records to find what it owns (TXT registry).
          Sid: 'ReadTheZoneRecords',
          Effect: 'Allow',
          Action: 'route53:ListResourceRecordSets',
          Resource: this.hostedZoneArn,
        },
        {
          // external-dns lists the zones before filtering them by id (--zone-id-filter); the action
          // has no resource-level permission, so "*" (on the modules/shared/wildcard-resource-actions
          // allow-list). It returns zone names and ids, never records.
          Sid: 'FindTheZone',
          Effect: 'Allow',
          Action: 'route53:ListHostedZones',
          Resource: '*',
        },
      ),
    });
    this.role = irsa.role;
    this.roleArn = irsa.role.arn;
    this.permissions = irsa.permissions;
  }
}
