import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, print, visit } from 'graphql';
import { generateSdkFiles } from './sdk-codegen.js';
import { API_SCHEMA_FILE, REPO_ROOT, SDK_GENERATED_FILE } from './paths.js';

describe('SDK code generation', () => {
  it('regenerates exactly the committed clients/sdk/src/generated/graphql.ts from schema/api.graphql', async () => {
    const apiSchema = await readFile(path.join(REPO_ROOT, API_SCHEMA_FILE), 'utf8');
    const files = await generateSdkFiles(REPO_ROOT, apiSchema);
    expect([...files.keys()]).toEqual([SDK_GENERATED_FILE]);
    const generated = files.get(SDK_GENERATED_FILE)!;
    expect(generated).toContain('export const SignUpDocument');
    expect(generated).toContain('export type MatchFoundSubscription');
    expect(generated).toBe(await readFile(path.join(REPO_ROOT, SDK_GENERATED_FILE), 'utf8'));
  });

  it('fails when an SDK operation asks for a field the schema does not have', async () => {
    const apiSchema = parse(await readFile(path.join(REPO_ROOT, API_SCHEMA_FILE), 'utf8'));
    const withoutMe = visit(apiSchema, {
      ObjectTypeDefinition: (type) =>
        type.name.value === 'Query'
          ? { ...type, fields: type.fields?.filter((field) => field.name.value !== 'me') }
          : undefined,
    });
    await expect(generateSdkFiles(REPO_ROOT, print(withoutMe))).rejects.toThrow(
      /Cannot query field "me" on type "Query"/,
    );
  });
});
