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

/** Some objects could not be deleted; whoever asked must not consider them gone. */
export class ObjectDeletionError extends Error {
  constructor(
    readonly failures: { key: string; code: string; message: string }[],
    readonly remaining: string[] = [],
  ) {
    super(
      failures.length > 0
        ? `Could not delete ${failures.length} object(s): ${failures
            .slice(0, 5)
            .map((failure) => `${failure.key} (${failure.code}: ${failure.message})`)
            .join(', ')}`
        : `${remaining.length} object(s) remain after deletion: ${remaining.slice(0, 5).join(', ')}`,
    );
    this.name = 'ObjectDeletionError';
  }
}

/** minio's typing says `{ Error: {…} }`; its parser returns the `<Error>` elements themselves. */
type DeleteError = { Code?: string; Message?: string; Key?: string; Error?: DeleteError };

async function listNames(client: Client, bucket: string, prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const item of client.listObjectsV2(bucket, prefix, true)) {
    if (item.name) names.push(item.name);
  }
  return names;
}

/**
 * Removes every object under `prefix` (e.g. all of a deleted user's files); returns how many.
 * Throws ObjectDeletionError when any key failed (S3 reports those per key in a successful
 * response) or when objects are still listed afterwards (an upload racing the deletion, or a server
 * that reported a deletion it did not do), so an event handler retries instead of recording success.
 */
export async function removeObjectsWithPrefix(
  client: Client,
  bucket: string,
  prefix: string,
): Promise<number> {
  const names = await listNames(client, bucket, prefix);
  const failures: { key: string; code: string; message: string }[] = [];
  for (let i = 0; i < names.length; i += 1000) {
    const errors = (await client.removeObjects(bucket, names.slice(i, i + 1000))) as unknown as
      (DeleteError | null | undefined)[] | undefined;
    for (const entry of errors ?? []) {
      const error = entry?.Error ?? entry;
      if (error)
        failures.push({ key: error.Key ?? '?', code: error.Code ?? '?', message: error.Message ?? '' });
    }
  }
  if (failures.length > 0) throw new ObjectDeletionError(failures);
  const remaining = await listNames(client, bucket, prefix);
  if (remaining.length > 0) throw new ObjectDeletionError([], remaining);
  return names.length;
}

/** Where a user's files live in the bucket; deleting the account removes this prefix. */
export function userObjectPrefix(userId: string): string {
  return `users/${userId}/`;
}
