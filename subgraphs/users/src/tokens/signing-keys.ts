import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { importJWK, type JWK, type JWTVerifyGetKey } from 'jose';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@hiregraph/platform/logger';
import { newId } from '@hiregraph/platform/ids';
import { seal, sealingKey, unseal } from '@hiregraph/platform/crypto/sealing';
import { SigningKey } from './signing-key.entity.js';

export interface SigningKeyStoreOptions {
  secret: string;
  /** Lifetime of access tokens: a replaced key stays published this long (plus a margin). */
  accessTokenTtlSeconds: number;
  rotationDays: number;
  logger: Logger;
}

/** How long a process trusts its in-memory copy of the key table before reading it again. */
const CACHE_MS = 30_000;
const RETIRE_MARGIN_SECONDS = 300;

/**
 * Ed25519 signing keys in the users database: one signs, and the one it replaced stays in the
 * JWKS until every token it signed has expired, so rotation never refuses a valid token.
 */
export class SigningKeyStore {
  private cache: { keys: SigningKey[]; loadedAt: number } | undefined;
  private readonly sealingKey: Buffer;
  /** Decrypted private keys and imported public keys, per kid: no crypto setup per request. */
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, Awaited<ReturnType<typeof importJWK>>>();
  private lastReloadForUnknownKid = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly options: SigningKeyStoreOptions,
  ) {
    this.sealingKey = sealingKey(options.secret);
  }

  /** The key that signs new tokens; creates the first one, and rotates when it is due. */
  async signingKey(): Promise<{ kid: string; privateKey: KeyObject }> {
    let current = (await this.liveKeys()).find((key) => key.retiresAt === null);
    if (!current || this.isDue(current)) {
      await this.replaceCurrent((latest) => !latest || this.isDue(latest));
      current = (await this.liveKeys(true)).find((key) => key.retiresAt === null);
    }
    if (!current) throw new Error('No signing key available');
    let privateKey = this.privateKeys.get(current.kid);
    if (!privateKey) {
      privateKey = createPrivateKey(this.unseal(current.encryptedPrivateKey));
      this.privateKeys.set(current.kid, privateKey);
    }
    return { kid: current.kid, privateKey };
  }

  /** The public keys that verify tokens now: the current one and any not yet retired. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const keys = await this.liveKeys();
    return { keys: keys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: 'EdDSA', use: 'sig' })) };
  }

  /** jose key resolver for verifying tokens in this process; an unknown kid triggers one reload. */
  readonly verificationKeys: JWTVerifyGetKey = async (header) => {
    let key = (await this.liveKeys()).find((candidate) => candidate.kid === header.kid);
    // Reload for an unknown kid at most once a second, so forged kids cannot flood the database.
    if (!key && Date.now() - this.lastReloadForUnknownKid > 1_000) {
      this.lastReloadForUnknownKid = Date.now();
      key = (await this.liveKeys(true)).find((candidate) => candidate.kid === header.kid);
    }
    if (!key) throw new Error(`Unknown signing key ${header.kid}`);
    let publicKey = this.publicKeys.get(key.kid);
    if (!publicKey) {
      publicKey = await importJWK({ ...key.publicJwk, alg: 'EdDSA' }, 'EdDSA');
      this.publicKeys.set(key.kid, publicKey);
    }
    return publicKey;
  };

  /** Makes a new key current now (admin rotation); the previous one retires after the token lifetime. */
  rotate(): Promise<string> {
    return this.replaceCurrent(() => true);
  }

  /**
   * Under a database lock, replaces the current key when `shouldReplace(current)` still holds, so
   * replicas racing to rotate a due key produce one new key, not one each.
   */
  private async replaceCurrent(shouldReplace: (current: SigningKey | null) => boolean): Promise<string> {
    const kid = await this.em.fork().transactional(async (tx) => {
      await tx.execute("select pg_advisory_xact_lock(hashtext('signing_keys'))");
      const current = await tx.findOne(SigningKey, { retiresAt: null }, { orderBy: { createdAt: 'desc' } });
      if (current && !shouldReplace(current)) return current.kid;
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const fresh = tx.create(SigningKey, {
        kid: newId(),
        encryptedPrivateKey: this.seal(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
        publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, string>,
      });
      const retiresAt = new Date(
        Date.now() + (this.options.accessTokenTtlSeconds + RETIRE_MARGIN_SECONDS) * 1000,
      );
      await tx.nativeUpdate(SigningKey, { retiresAt: null }, { retiresAt });
      tx.persist(fresh);
      this.options.logger.info({ kid: fresh.kid, replaced: current?.kid }, 'signing key rotated');
      return fresh.kid;
    });
    this.cache = undefined;
    return kid;
  }

  /** Deletes keys whose retirement has passed. */
  async pruneRetired(): Promise<number> {
    return this.em.fork().nativeDelete(SigningKey, { retiresAt: { $lt: new Date() } });
  }

  private isDue(key: SigningKey): boolean {
    return Date.now() - key.createdAt.getTime() > this.options.rotationDays * 86_400_000;
  }

  private async liveKeys(reload = false): Promise<SigningKey[]> {
    if (!reload && this.cache && Date.now() - this.cache.loadedAt < CACHE_MS) return this.cache.keys;
    const keys = await this.em
      .fork()
      .find(
        SigningKey,
        { $or: [{ retiresAt: null }, { retiresAt: { $gt: new Date() } }] },
        { orderBy: { createdAt: 'desc' } },
      );
    this.cache = { keys, loadedAt: Date.now() };
    return keys;
  }

  private seal(plaintext: string): string {
    return seal(this.sealingKey, plaintext);
  }

  private unseal(sealed: string): string {
    return unseal(this.sealingKey, sealed);
  }
}
