/** Network rules: nothing reachable from the whole internet, and every VPC's traffic logged. */
import { violation, type PolicyRule, type Violation } from '../policy-rule';
import { attachedTo, blocks, resources, strings } from '../terraform-json';

const OPEN_CIDRS = ['0.0.0.0/0', '::/0'];

function openCidrs(...values: unknown[]): string[] {
  return values.flatMap((v) => strings(v)).filter((c) => OPEN_CIDRS.includes(c));
}

export const noOpenIngress: PolicyRule = {
  id: 'network-no-open-ingress',
  description: 'No security group ingress from 0.0.0.0/0 or ::/0 (standalone rules, inline ingress of a group or the default group, aws_security_group_rule)',
  check: (stack) => {
    const found: Violation[] = [];
    const report = (address: string, open: string[]) => {
      if (open.length > 0) found.push(violation(noOpenIngress.id, address, `allows ingress from ${open.join(', ')} (the whole internet)`));
    };
    for (const r of resources(stack.json, 'aws_vpc_security_group_ingress_rule')) report(r.address, openCidrs(r.attrs.cidr_ipv4, r.attrs.cidr_ipv6));
    for (const sg of [...resources(stack.json, 'aws_security_group'), ...resources(stack.json, 'aws_default_security_group')]) {
      report(sg.address, blocks(sg.attrs.ingress).flatMap((i) => openCidrs(i.cidr_blocks, i.ipv6_cidr_blocks)));
    }
    for (const r of resources(stack.json, 'aws_security_group_rule')) {
      if (r.attrs.type === 'ingress') report(r.address, openCidrs(r.attrs.cidr_blocks, r.attrs.ipv6_cidr_blocks));
    }
    return found;
  },
};

export const vpcFlowLogs: PolicyRule = {
  id: 'network-vpc-flow-logs',
  description: 'Every VPC has an aws_flow_log whose vpc_id refers to it',
  check: (stack) =>
    resources(stack.json, 'aws_vpc')
      .filter((vpc) => attachedTo(stack.json, 'aws_flow_log', 'vpc_id', vpc).length === 0)
      .map((vpc) => violation(vpcFlowLogs.id, vpc.address, 'has no aws_flow_log (vpc_id referencing it), so its traffic cannot be audited')),
};

export const NETWORK_RULES: readonly PolicyRule[] = [noOpenIngress, vpcFlowLogs];
