/** Node launch templates: IMDSv2 only, encrypted disks. */
import { violation, type PolicyRule } from '../policy-rule';
import { blocks, isTrue, resources } from '../terraform-json';

export const imdsV2Required: PolicyRule = {
  id: 'ec2-imdsv2-required',
  description: 'Every aws_launch_template sets metadata_options.http_tokens = "required" (IMDSv2 only)',
  check: (stack) =>
    resources(stack.json, 'aws_launch_template')
      .filter((lt) => !blocks(lt.attrs.metadata_options).some((m) => m.http_tokens === 'required'))
      .map((lt) => violation(imdsV2Required.id, lt.address, 'does not set metadata_options.http_tokens = "required", so pods can use IMDSv1 to steal node credentials')),
};

export const encryptedVolumes: PolicyRule = {
  id: 'ec2-volumes-encrypted',
  description: 'Every aws_launch_template declares its EBS volumes and encrypts each of them (unless the stack turns on EBS encryption by default)',
  check: (stack) => {
    const encryptedByDefault = resources(stack.json, 'aws_ebs_encryption_by_default').some((r) => r.attrs.enabled === undefined || isTrue(r.attrs.enabled));
    return resources(stack.json, 'aws_launch_template').flatMap((lt) => {
      const volumes = blocks(lt.attrs.block_device_mappings).filter((m) => m.ebs !== undefined);
      if (volumes.length === 0) {
        return encryptedByDefault ? [] : [violation(encryptedVolumes.id, lt.address, 'declares no block_device_mappings, so the root volume is unencrypted unless the AMI says otherwise')];
      }
      return volumes
        .filter((m) => !blocks(m.ebs).some((e) => isTrue(e.encrypted)))
        .map((m) => violation(encryptedVolumes.id, lt.address, `volume ${m.device_name ?? '(unnamed)'} is not encrypted (ebs.encrypted must be true)`));
    });
  },
};

export const LAUNCH_TEMPLATE_RULES: readonly PolicyRule[] = [imdsV2Required, encryptedVolumes];
