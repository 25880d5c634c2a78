import { Client } from 'minio';

export type ObjectStorage = Client;

export interface ObjectStorageOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

/** S3-compatible client (MinIO in production, s3rver on loopback in development and tests). */
export function createObjectStorage(options: ObjectStorageOptions): Client {
  const url = new URL(options.endpoint);
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    useSSL: url.protocol === 'https:',
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    region: options.region,
    pathStyle: true,
  });
}

/** Creates the bucket when missing; tolerates a concurrent creator. */
export async function ensureBucket(client: Client, bucket: string, region: string): Promise<void> {
  if (await client.bucketExists(bucket)) return;
  try {
    await client.makeBucket(bucket, region);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
  }
}

/** Removes every object under `prefix` (e.g. all of a deleted user's files); returns how many. */
export async function removeObjectsWithPrefix(
  client: Client,
  bucket: string,
  prefix: string,
): Promise<number> {
  const names: string[] = [];
  for await (const item of client.listObjectsV2(bucket, prefix, true)) {
    if (item.name) names.push(item.name);
  }
  for (let i = 0; i < names.length; i += 1000) await client.removeObjects(bucket, names.slice(i, i + 1000));
  return names.length;
}

/** Where a user's files live in the bucket; deleting the account removes this prefix. */
export function userObjectPrefix(userId: string): string {
  return `users/${userId}/`;
}
