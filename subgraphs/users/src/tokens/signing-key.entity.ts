import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** An Ed25519 key that signs access tokens; the private half is encrypted at rest. */
@Entity({ tableName: 'signing_keys' })
export class SigningKey {
  [OptionalProps]?: 'createdAt' | 'retiresAt';

  @PrimaryKey({ type: 'text' })
  kid!: string;

  /** AES-256-GCM sealed PKCS#8 PEM: iv.tag.ciphertext, base64url. */
  @Property({ type: 'text', hidden: true })
  encryptedPrivateKey!: string;

  @Property({ type: 'json' })
  publicJwk!: Record<string, string>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** Set when a newer key takes over; the key stays published until then so its tokens verify. */
  @Property({ type: 'timestamptz', nullable: true })
  retiresAt: Date | null = null;
}
