import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigError, GANTRY_CONFIG, type GantryConfig } from '../../config/gantry-config';
import { hashPassword, isArgon2Hash, verifyPassword } from '../credentials/password-hasher';
import { newPassword } from '../credentials/secret-token';
import { ADMIN_NAME } from '../users/user-name';
import { UserStore, type StoredUser } from '../users/user-store';
import { ADMIN_NOTICE, ADMIN_SECRETS, type AdminNotice, type AdminSecrets } from './admin-secrets';

export const ADMIN_HASH_FILE = 'admin-password.argon2';

/**
 * Makes sure the first user, the admin, exists with the operator's password before the server answers.
 * In order: GANTRY_PASSWORD_HASH, GANTRY_PASSWORD, the hash a first start stored under GANTRY_DATA_DIR,
 * the admin already in the database; failing all of those, a strong password is generated and shown once,
 * and only its hash is kept. There is no default password.
 */
@Injectable()
export class AdminBootstrap implements OnModuleInit {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UserStore,
    @Inject(ADMIN_SECRETS) private readonly secrets: AdminSecrets,
    @Inject(ADMIN_NOTICE) private readonly notice: AdminNotice,
    @Inject(GANTRY_CONFIG) private readonly config: GantryConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const current = await this.users.admin();
    const hash = await this.wantedHash(current);
    if (!current) await this.users.insert(ADMIN_NAME, hash, true);
    else if (current.passwordHash !== hash) await this.users.setPasswordHash(current.id, hash);
  }

  private async wantedHash(current: StoredUser | null): Promise<string> {
    if (this.secrets.passwordHash !== null) {
      if (!isArgon2Hash(this.secrets.passwordHash))
        throw new ConfigError('GANTRY_PASSWORD_HASH', 'must be an argon2 hash ($argon2id$v=19$m=...,p=...,t=...$salt$hash)');
      return this.secrets.passwordHash;
    }
    if (this.secrets.password !== null) {
      if (current && (await verifyPassword(current.passwordHash, this.secrets.password))) return current.passwordHash;
      return hashPassword(this.secrets.password);
    }
    const stored = this.storedHash();
    if (stored !== null) return stored;
    if (current) return current.passwordHash;
    return this.generate();
  }

  private get hashFile(): string {
    return join(this.config.dataDir, ADMIN_HASH_FILE);
  }

  private storedHash(): string | null {
    if (!existsSync(this.hashFile)) return null;
    const hash = readFileSync(this.hashFile, 'utf8').trim();
    if (!isArgon2Hash(hash))
      throw new ConfigError('GANTRY_DATA_DIR', `holds ${ADMIN_HASH_FILE}, which is not an argon2 hash: delete it to generate a new admin password`);
    return hash;
  }

  private async generate(): Promise<string> {
    const password = newPassword();
    const hash = await hashPassword(password);
    mkdirSync(this.config.dataDir, { recursive: true });
    writeFileSync(this.hashFile, `${hash}\n`, { mode: 0o600, flag: 'wx' });
    this.logger.warn(`No GANTRY_PASSWORD: generated an admin password; its hash is in ${this.hashFile}`);
    this.notice([
      '',
      `  Gantry admin password (shown this once; sign in as "${ADMIN_NAME}"):  ${password}`,
      '  Set GANTRY_PASSWORD or GANTRY_PASSWORD_HASH to choose your own.',
      '',
    ]);
    return hash;
  }
}
