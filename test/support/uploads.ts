import type { Account, E2EPlatform } from './platform.js';

/** A confirmed upload of `bytes` by `account`: createUpload, the presigned POST to S3, confirmUpload. */
export async function confirmedUpload(
  e2e: E2EPlatform,
  account: Account,
  bytes: Uint8Array,
  filename: string,
): Promise<string> {
  const res = await e2e.gateway(
    'mutation ($i: CreateUploadInput!) { createUpload(input: $i) { id url method fields { name value } } }',
    { i: { filename, contentType: 'application/octet-stream', size: bytes.length } },
    account.accessToken,
  );
  expect(res.errors).toBeUndefined();
  const upload = res.data.createUpload;
  const form = new FormData();
  for (const field of upload.fields) form.append(field.name, field.value);
  form.append('file', new Blob([bytes]), filename);
  expect((await fetch(upload.url, { method: upload.method, body: form })).ok).toBe(true);
  const confirmed = await e2e.gateway(
    'mutation ($id: ID!) { confirmUpload(id: $id) { id } }',
    { id: upload.id },
    account.accessToken,
  );
  expect(confirmed.errors).toBeUndefined();
  return upload.id;
}
