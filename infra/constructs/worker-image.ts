import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import type { Construct } from 'constructs';
import { REPO_ROOT } from '../paths';

/** `{account}.dkr.ecr.{region}.amazonaws.com/{repo}[:tag]` */
const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9._/-]+)(?::([\w.-]+))?$/;

/**
 * The worker image. With a prebuilt ECR URI the task pulls it (and the execution role is
 * granted pull on that repository only); any other URI is pulled from its registry as is;
 * without one, `gpu-workers/Dockerfile` is built from the repo root at deploy time (synth
 * only stages the context, so synth needs no Docker).
 */
export function workerImage(scope: Construct, uri: string | undefined): ecs.ContainerImage {
  if (!uri) {
    return ecs.ContainerImage.fromAsset(REPO_ROOT, { file: 'gpu-workers/Dockerfile', platform: Platform.LINUX_AMD64 });
  }
  const m = ECR_URI.exec(uri);
  if (!m) return ecs.ContainerImage.fromRegistry(uri);
  const [, account, region, name, tag] = m;
  const repository = ecr.Repository.fromRepositoryAttributes(scope, 'WorkerRepository', {
    repositoryName: name as string,
    repositoryArn: `arn:aws:ecr:${region}:${account}:repository/${name}`,
  });
  return ecs.ContainerImage.fromEcrRepository(repository, tag ?? 'latest');
}
