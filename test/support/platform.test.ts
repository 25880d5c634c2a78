import pg from 'pg';
import { baseConfigSchema } from '@hiregraph/platform/config';
import { startE2EPlatform } from './platform.js';

async function query<Row extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<Row[]> {
  const { DATABASE_URL } = baseConfigSchema.parse(process.env);
  const client = new pg.Client({ connectionString: `${DATABASE_URL}/postgres` });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe('startE2EPlatform', () => {
  it('drops the databases it made for the run when the platform fails to start', async () => {
    let prefix = '';
    const failingStart = async (options: { env?: NodeJS.ProcessEnv }) => {
      // As a subgraph does before something else in the platform fails: its database exists.
      prefix = options.env!.DATABASE_PREFIX!;
      await query(`create database "${prefix}_users"`);
      throw new Error('users exited while the platform was starting; last output:\nusers: migration failed');
    };

    await expect(startE2EPlatform('failstart', {}, failingStart)).rejects.toThrow('migration failed');
    expect(prefix).toMatch(/^hgt_failstart_/);
    const left = await query("select datname from pg_database where datname like $1 || '\\_%'", [prefix]);
    expect(left).toEqual([]);
  });
});
