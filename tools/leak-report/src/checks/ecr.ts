/**
 * The environment's ECR repositories (`<prefix>-<env>/...`, and any the tagging index tied to it)
 * with the images they still hold: a repository with images survives a destroy unless it was
 * force-deleted, and its storage is billed.
 */
import { paginateDescribeImages, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import type { Check, CheckContext } from './check';
import { isArnOf } from '../arn';
import type { FindingSink } from '../finding';
import { formatGiB, storageCost } from '../prices';
import { awsCommand } from '../resource-kinds';

export const ecrCheck: Check = {
  name: 'ECR repositories and images',
  calls: ['ecr:DescribeRepositories', 'ecr:DescribeImages'],
  async run(context: CheckContext, sink: FindingSink): Promise<void> {
    const { scope } = context;
    const region = scope.region;
    const client = context.clients.ecr(region);
    const isRepository = (arn: string) => isArnOf(arn, 'ecr', 'repository', region);
    const tagged = new Set((await context.taggedArns).filter(isRepository));

    const present = new Set<string>();
    const ours: Array<{ name: string; arn: string }> = [];
    for await (const page of paginateDescribeRepositories({ client, pageSize: 100 }, {})) {
      for (const repository of page.repositories ?? []) {
        const { repositoryName: name, repositoryArn: arn } = repository;
        if (!name || !arn) continue;
        present.add(arn);
        if (name.startsWith(scope.repositoryPrefix) || tagged.has(arn)) ours.push({ name, arn });
      }
    }
    for (const { name, arn } of ours) {
      let images = 0;
      let bytes = 0;
      let tags = 0;
      for await (const page of paginateDescribeImages({ client, pageSize: 1000 }, { repositoryName: name })) {
        for (const image of page.imageDetails ?? []) {
          images++;
          bytes += image.imageSizeInBytes ?? 0;
          tags += image.imageTags?.length ?? 0;
        }
      }
      const why = name.startsWith(scope.repositoryPrefix) ? `repository under ${scope.repositoryPrefix}` : 'repository tagged for the environment';
      sink.add({
        key: arn,
        arn,
        type: 'ecr:repository',
        id: name,
        region,
        reasons: [why, images === 0 ? 'no images' : `${images} image${images === 1 ? '' : 's'} (${tags} tag${tags === 1 ? '' : 's'}), ${formatGiB(bytes / 1024 ** 3)}`],
        cost: storageCost('ecr:stored', region, 'image storage', bytes),
        deleteCommand: awsCommand(region, 'ecr', 'delete-repository', '--repository-name', name, '--force'),
        detailed: true,
      });
    }
    sink.listed({ covers: isRepository, present });
  },
};
