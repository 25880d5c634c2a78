import { Authorized, Mutation, Resolver } from 'type-graphql';
import type { UsersServices } from '../services.js';

@Resolver()
export class TokenResolver {
  constructor(private readonly services: UsersServices) {}

  @Authorized('ADMIN')
  @Mutation(() => String, {
    description: 'Starts signing with a new key (returns its kid); the old one stays valid.',
  })
  rotateSigningKey(): Promise<string> {
    return this.services.keys.rotate();
  }
}
