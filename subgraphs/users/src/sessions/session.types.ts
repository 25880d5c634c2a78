import { Field, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity.js';

@ObjectType({ description: 'Tokens for a signed-in session.' })
export class AuthPayload {
  @Field({ description: 'Short-lived JWT (EdDSA) for the Authorization: Bearer header.' })
  accessToken!: string;

  @Field({ description: 'Opaque, single-use token that obtains the next pair from refreshToken.' })
  refreshToken!: string;

  @Field()
  accessTokenExpiresAt!: Date;

  @Field(() => User)
  user!: User;
}
