import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { createUsersSubgraph } from '../subgraph.js';
import type { UsersServices } from '../services.js';
import { cleanUpExpiredCredentials } from './session-cleanup.js';
import { RefreshToken, Session } from './session.entity.js';

describe('credential clean-up', () => {
  const definition = createUsersSubgraph();
  let users: TestSubgraph;
  beforeAll(async () => {
    users = await startTestSubgraph(definition);
  });
  afterAll(() => users.stop());

  it('deletes expired refresh tokens and ended sessions, keeping live ones', async () => {
    const em = users.em();
    const day = 86_400_000;
    const now = Date.now();
    const session = (values: Partial<Session>) =>
      em.create(Session, {
        userId: randomUUID(),
        expiresAt: new Date(now + day),
        ip: '127.0.0.1',
        userAgent: 'test',
        ...values,
      });
    const live = session({});
    const expired = session({ expiresAt: new Date(now - day) });
    const longRevoked = session({ revokedAt: new Date(now - 2 * day) });
    const justRevoked = session({ revokedAt: new Date(now - 60_000) });
    const token = (s: Session, expiresAt: Date) =>
      em.create(RefreshToken, { sessionId: s.id, tokenHash: randomUUID(), expiresAt });
    const liveToken = token(live, new Date(now + day));
    const expiredToken = token(live, new Date(now - 1));
    const orphanedToken = token(expired, new Date(now + day));
    await em.flush();

    // The subgraph's own container (startTestSubgraph is not generic over it).
    const { keys, logger } = users.subgraph.services as UsersServices;
    await cleanUpExpiredCredentials({ keys, logger, orm: users.subgraph.runtime.orm });

    const sessions = (
      await users.em().find(Session, { id: { $in: [live.id, expired.id, longRevoked.id, justRevoked.id] } })
    ).map((s) => s.id);
    expect(sessions.sort()).toEqual([live.id, justRevoked.id].sort());
    const tokens = (
      await users.em().find(RefreshToken, { id: { $in: [liveToken.id, expiredToken.id, orphanedToken.id] } })
    ).map((t) => t.id);
    expect(tokens).toEqual([liveToken.id]);
  });
});
