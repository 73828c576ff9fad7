/**
 * Synthesis helpers for add-on tests: a stack with a Helm provider (as the add-ons stack has), the
 * `helm_release` an add-on made, and its values parsed back from the one JSON document.
 */
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { type TerraformStack, TerraformVariable } from 'cdktf';
import { InstalledAddons } from '../../../modules/addons/helm-addon';
import { type TerraformJson, resourcesOf, synthConstructs } from '../../support/synth';

/** Synthesize add-ons installed by `build` into one cluster (one `InstalledAddons`). */
export function synthAddons(build: (stack: TerraformStack, installed: InstalledAddons) => void): TerraformJson {
  return synthConstructs((stack) => {
    new HelmProvider(stack, 'helm', {});
    build(stack, new InstalledAddons());
  });
}

/** A `helm_release` and its Terraform logical id, found by release name. */
export interface SynthesizedRelease {
  readonly id: string;
  readonly release: Record<string, any>;
  /** The address other resources' `depends_on` use: `helm_release.<id>`. */
  readonly address: string;
}

export function releaseNamed(json: TerraformJson, name: string): SynthesizedRelease {
  const found = Object.entries(resourcesOf(json, 'helm_release')).filter(([, release]) => release.name === name);
  if (found.length !== 1) throw new Error(`expected one helm_release named ${name}, found ${found.length}`);
  const [id, release] = found[0];
  return { id, release, address: `helm_release.${id}` };
}

/** The release's values: HelmAddon renders them as exactly one JSON document. */
export function valuesOf(release: Record<string, any>): any {
  const values = release.values as string[];
  if (values.length !== 1) throw new Error(`expected one values document, found ${values.length}`);
  return JSON.parse(values[0]);
}

/** A role ARN that is a Terraform reference (as the platform stack's is), not a literal. */
export function roleArnToken(stack: TerraformStack, name: string): string {
  return new TerraformVariable(stack, name, { type: 'string' }).stringValue;
}
