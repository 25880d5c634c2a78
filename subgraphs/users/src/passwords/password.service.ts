import { z } from 'zod';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { unauthenticated } from '@hiregraph/platform/auth/tokens';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { conflict } from '@hiregraph/platform/errors';
import { parseInput } from '@hiregraph/platform/validation';
import type { UsersServices } from '../services.js';
import { SessionService, type Client } from '../sessions/session.service.js';
import type { AuthPayload } from '../sessions/session.types.js';
import { User } from '../users/user.entity.js';
import { userRegisteredEvent } from '../users/user-registered.js';
import { emailSchema, fullNameSchema } from '../users/user.schemas.js';
import type { LoginInput, RegisterInput } from './password.inputs.js';
import { assertAcceptablePassword, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { reauthenticate } from './reauthentication.js';

const loginSchema = z.object({ email: emailSchema, password: z.string().min(1, 'Password is required') });
const registerSchema = z.object({ email: emailSchema, password: z.string(), fullName: fullNameSchema });

/**
 * Accounts with a password: registration (always as USER: a password never proved the email, so
 * admin is only ever an operator's act, see admin/), throttled sign-in and password changes.
 */
export class PasswordService {
  private readonly sessions: SessionService;

  constructor(
    private readonly em: EntityManager,
    private readonly services: UsersServices,
  ) {
    this.sessions = new SessionService(em, services);
  }

  async register(input: RegisterInput, client: Client): Promise<AuthPayload> {
    const data = parseInput(registerSchema, input);
    assertAcceptablePassword(data.password, this.services.settings.PASSWORD_MIN_LENGTH);
    await this.services.registrations.consume(client.ip);
    const passwordHash = await hashPassword(data.password);
    try {
      return await this.sessions.open(client, async (tx, emit) => {
        const user = tx.create(User, { email: data.email, fullName: data.fullName, passwordHash });
        tx.persist(user);
        await emit('user.registered', userRegisteredEvent(user));
        return user;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw conflict('An account with this email already exists', { field: 'email' });
      }
      throw error;
    }
  }

  async login(input: LoginInput, client: Client): Promise<AuthPayload> {
    const { email, password } = parseInput(loginSchema, input);
    const found: { user?: User | null } = {};
    const valid = await this.services.throttle.attempt(email, client.ip, async () => {
      const user = (found.user = await this.em.findOne(User, { email }));
      // Verify against a dummy hash for unknown accounts so response time does not reveal them.
      const matches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
      return matches && !!user?.passwordHash;
    });
    if (!valid || !found.user) throw unauthenticated('Wrong email or password');
    const { id } = found.user;
    return this.sessions.open(client, async (tx) => {
      const signedIn = await tx.findOneOrFail(User, { id });
      signedIn.lastLoginAt = new Date();
      return signedIn;
    });
  }

  async changePassword(
    viewer: Viewer,
    currentPassword: string,
    newPassword: string,
    client: Client,
  ): Promise<boolean> {
    const user = await this.em.findOne(User, { id: viewer.id });
    if (!user) throw unauthenticated('Account no longer exists');
    await reauthenticate(
      this.em,
      this.services.throttle,
      viewer,
      user,
      currentPassword,
      'currentPassword',
      client.ip,
    );
    assertAcceptablePassword(newPassword, this.services.settings.PASSWORD_MIN_LENGTH, 'newPassword');
    user.passwordHash = await hashPassword(newPassword);
    await this.em.flush();
    // Other devices must sign in again with the new password.
    await this.sessions.revoke(viewer.id, { except: viewer.sessionId });
    return true;
  }
}
