/** What createUpload returns, as a client sees it. */
export interface PresignedUploadPayload {
  id: string;
  url: string;
  method: string;
  headers: { name: string; value: string }[];
  fields: { name: string; value: string }[];
}

export const CREATE_UPLOAD = `mutation ($input: CreateUploadInput!) {
  createUpload(input: $input) { id url method headers { name value } fields { name value } expiresAt }
}`;

/** Sends `bytes` the way a browser would: multipart/form-data, the signed fields first, the file last. */
export async function postUpload(
  upload: PresignedUploadPayload,
  bytes: Uint8Array,
  filename = 'file',
): Promise<Response> {
  const form = new FormData();
  for (const field of upload.fields) form.append(field.name, field.value);
  form.append('file', new Blob([bytes]), filename);
  return fetch(upload.url, {
    method: upload.method,
    headers: Object.fromEntries(upload.headers.map((h) => [h.name, h.value])),
    body: form,
  });
}
