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
