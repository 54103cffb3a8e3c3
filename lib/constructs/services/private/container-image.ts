import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';

/** A private ECR image, parsed from its URI. */
export interface EcrImageReference {
  readonly account: string;
  readonly region: string;
  /** Repository name, namespaces included (`team/api`). */
  readonly repositoryName: string;
  /** `sha256:…` digest, or a tag. @default none: the registry's `latest` */
  readonly tagOrDigest?: string;
}

// <account>.dkr.ecr[-fips].<region>.<partition's domain>/ (amazonaws.com, amazonaws.com.cn, …), or the dual-stack
// <account>.dkr-ecr[-fips].<region>.on.aws/ (ECR guide, "Making requests to Amazon ECR registries").
const ECR_REGISTRY = /^(\d{12})\.dkr[.-]ecr(?:-fips)?\.([a-z]{2}(?:-[a-z0-9]+)+-\d)\.[a-z0-9-]+(?:\.[a-z0-9-]+)+\/(.+)$/;
// ECR repository names: lower-case components separated by `/`, each of letters, digits and inner `.`, `_` or `-`.
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * The repository and tag or digest of a private ECR image URI; undefined for any other registry
 * (Docker Hub, ECR Public, GHCR …), which needs no AWS permission to pull.
 */
export function parseEcrImageUri(uri: string): EcrImageReference | undefined {
  const registry = ECR_REGISTRY.exec(uri);
  if (!registry) return undefined;
  const [, account, region, path] = registry;
  const at = path.indexOf('@');
  // `repo:tag@sha256:…` pins the digest; the tag is only a label then.
  const [nameAndTag, digest] = at >= 0 ? [path.slice(0, at), path.slice(at + 1)] : [path, undefined];
  const colon = nameAndTag.lastIndexOf(':');
  const repositoryName = colon >= 0 ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = colon >= 0 ? nameAndTag.slice(colon + 1) : undefined;
  if (!REPOSITORY.test(repositoryName)) return undefined;
  return { account, region, repositoryName, tagOrDigest: digest ?? tag };
}

/**
 * The container image for a URI. A private ECR image comes from its repository, so the task
 * execution role gets the pull actions on exactly that repository (and ecr:GetAuthorizationToken,
 * which has no resource); any other registry is pulled anonymously. A repository in another
 * account must also allow this account's execution roles in its repository policy.
 */
export function containerImage(scope: Construct, id: string, uri: string): ecs.ContainerImage {
  const ecrImage = parseEcrImageUri(uri);
  if (!ecrImage) return ecs.ContainerImage.fromRegistry(uri);
  const repository = ecr.Repository.fromRepositoryAttributes(scope, id, {
    repositoryName: ecrImage.repositoryName,
    repositoryArn: Stack.of(scope).formatArn({
      service: 'ecr',
      account: ecrImage.account,
      region: ecrImage.region,
      resource: 'repository',
      resourceName: ecrImage.repositoryName,
    }),
  });
  return ecs.ContainerImage.fromEcrRepository(repository, ecrImage.tagOrDigest);
}
