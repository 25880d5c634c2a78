import type { EventData } from '@hiregraph/platform/events/catalog';
import type { User } from './user.entity.js';

/** The `user.registered` event of a new account, whichever way it signed up (password or Google). */
export function userRegisteredEvent(user: User): EventData<'user.registered'> {
  return { userId: user.id, email: user.email, fullName: user.fullName, username: user.username };
}
