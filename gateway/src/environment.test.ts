import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('.', import.meta.url));

describe('gateway environment', () => {
  it('is read by environment.ts alone (tests pass their own)', async () => {
    const files = (await readdir(SOURCE, { recursive: true })).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    );
    expect(files).toContain('environment.ts');
    const readers: string[] = [];
    for (const file of files) {
      if (/process\.env\b/.test(await readFile(`${SOURCE}/${file}`, 'utf8'))) readers.push(file);
    }
    expect(readers).toEqual(['environment.ts']);
  });
});
