import { createTestNamespace, type TestNamespace } from './testing/namespace.js';
import {
  createObjectStorage,
  ensureBucket,
  ObjectDeletionError,
  removeObjectsWithPrefix,
  type ObjectStorage,
} from './s3.js';

describe('removeObjectsWithPrefix (s3rver)', () => {
  let ns: TestNamespace;
  let storage: ObjectStorage;
  let bucket: string;

  const put = (key: string) => storage.putObject(bucket, key, Buffer.from(key));
  const list = async (prefix: string) => {
    const names: string[] = [];
    for await (const item of storage.listObjectsV2(bucket, prefix, true))
      if (item.name) names.push(item.name);
    return names.sort();
  };

  beforeEach(async () => {
    ns = createTestNamespace('s3');
    bucket = ns.config.S3_BUCKET;
    storage = createObjectStorage({
      endpoint: ns.config.S3_ENDPOINT,
      accessKey: ns.config.S3_ACCESS_KEY,
      secretKey: ns.config.S3_SECRET_KEY,
      region: ns.config.S3_REGION,
    });
    await ensureBucket(storage, bucket, ns.config.S3_REGION);
  });

  afterEach(() => ns.cleanup());

  it('removes every object under the prefix and nothing else', async () => {
    await Promise.all(['users/a/1.pdf', 'users/a/sub/2.pdf', 'users/ab/3.pdf'].map(put));
    expect(await removeObjectsWithPrefix(storage, bucket, 'users/a/')).toBe(2);
    expect(await list('users/')).toEqual(['users/ab/3.pdf']);
  });

  it('throws, naming the object, when an object is still there after the deletion reported success', async () => {
    // s3rver trims the keys of a multi-object delete (and minio those of a listing), so the server
    // answers "deleted" for this key while the object stays: the case of any per-key failure the
    // caller must not take for success.
    await Promise.all(['users/b/kept ', 'users/b/gone.pdf'].map(put));
    const deletion = removeObjectsWithPrefix(storage, bucket, 'users/b/');
    await expect(deletion).rejects.toBeInstanceOf(ObjectDeletionError);
    await expect(deletion).rejects.toMatchObject({ remaining: [expect.stringMatching(/^users\/b\/kept/)] });
    expect(await list('users/b/')).toHaveLength(1);
  });
});
