import type { PlatformLogGroups } from '../modules/observability/platform-log-groups';
import type { PlatformParameter } from '../modules/params/platform-parameters';
import type { ContainerRegistry } from '../modules/registry/container-registry';
import type { EnvironmentConfig } from '../modules/shared/environment-config';
import { metricNamespace } from '../modules/shared/naming';
import type { StaticSite } from '../modules/static-site/static-site';

export interface ParameterSources {
  readonly env: EnvironmentConfig;
  readonly clusterName: string;
  readonly registry: ContainerRegistry;
  readonly site: StaticSite;
  readonly logGroups: PlatformLogGroups;
}

/**
 * What the chatbot and the add-ons read from SSM Parameter Store (through External Secrets), under
 * `/<prefix>/<env>/`. Names are the contract with gitops/ ExternalSecrets; nothing here is secret
 * today, so all are plain String (PlatformParameters supports `secure: true` for what will be).
 */
export function platformParameterValues(s: ParameterSources): PlatformParameter[] {
  return [
    { name: 'chatbot/aws-region', value: s.env.region, description: 'Region of the Bedrock runtime endpoint' },
    { name: 'chatbot/bedrock/primary-model-id', value: s.env.bedrock.primaryModelId, description: 'Model or inference profile served first' },
    { name: 'chatbot/bedrock/fallback-model-id', value: s.env.bedrock.fallbackModelId, description: 'Model used when the primary throttles or fails' },
    { name: 'chatbot/metric-namespace', value: metricNamespace(s.env.namePrefix, s.env.name), description: 'CloudWatch namespace of chatbot metrics' },
    { name: 'chatbot/log-group', value: s.logGroups.chatbotLogGroup.name, description: 'CloudWatch log group of the chatbot' },
    { name: 'platform/cluster-name', value: s.clusterName, description: 'EKS cluster name' },
    { name: 'platform/ecr-repository-url', value: s.registry.repositoryUrl, description: 'ECR repository of the chatbot image' },
    { name: 'platform/collector-log-group', value: s.logGroups.collectorLogGroup.name, description: 'CloudWatch log group of the OpenTelemetry collector' },
    { name: 'static-site/bucket', value: s.site.bucketName, description: 'S3 bucket of the chatbot web UI' },
    { name: 'static-site/distribution-id', value: s.site.distributionId, description: 'CloudFront distribution to invalidate after an upload' },
    { name: 'static-site/domain-name', value: s.env.site.domainName ?? s.site.distributionDomainName, description: 'Public host name of the web UI' },
  ];
}
