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

/** The admin password an operator's setting stands for; `bootstrap` is recorded so the same setting is not applied twice. */
interface OperatorSetting {
  hash: string;
  bootstrap: string;
  applied: boolean;
}

function byHash(hash: string, current: StoredUser | null): OperatorSetting {
  return { hash, bootstrap: hash, applied: current?.bootstrapHash === hash };
}

/**
 * Makes sure the first user, the admin, exists with the operator's password before the server answers.
 * In order: GANTRY_PASSWORD_HASH, GANTRY_PASSWORD, the hash a first start stored under GANTRY_DATA_DIR,
 * the admin already in the database; failing all of those, a strong password is generated and shown once,
 * and only its hash is kept. There is no default password. A setting that differs from the one applied last
 * replaces the admin's password and so ends every older session and token; the same setting at the next
 * restart leaves alone a password the admin has changed since through POST /gantry/auth/password.
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
    // Another process starting at the same time may apply the same setting first: then look again.
    for (let tries = 0; tries < 3; tries += 1) if (await this.applyOperatorSetting()) return;
    throw new ConfigError('GANTRY_PASSWORD', 'could not be applied: the admin password kept changing while Gantry was starting');
  }

  private async applyOperatorSetting(): Promise<boolean> {
    const current = await this.users.admin();
    const setting = await this.operatorSetting(current);
    if (!current) {
      const first = setting ?? (await this.generate());
      return this.users.insert(ADMIN_NAME, first.hash, true, first.bootstrap);
    }
    if (!setting || setting.applied) return true; // unchanged since last applied: a change made through the password route stands
    if (setting.hash !== current.passwordHash && !(await this.users.changePassword(current.id, setting.hash, current.generation))) return false;
    await this.users.recordBootstrap(current.id, setting.bootstrap);
    return true;
  }

  /**
   * The admin password the operator asks for, in order: GANTRY_PASSWORD_HASH, GANTRY_PASSWORD, the hash a first
   * start stored under GANTRY_DATA_DIR; null when none is set. `applied` when it is the setting applied last.
   */
  private async operatorSetting(current: StoredUser | null): Promise<OperatorSetting | null> {
    if (this.secrets.passwordHash !== null) {
      if (!isArgon2Hash(this.secrets.passwordHash))
        throw new ConfigError('GANTRY_PASSWORD_HASH', 'must be an argon2 hash ($argon2id$v=19$m=...,p=...,t=...$salt$hash)');
      return byHash(this.secrets.passwordHash, current);
    }
    if (this.secrets.password !== null) return this.byPassword(this.secrets.password, current);
    const stored = this.storedHash();
    return stored === null ? null : byHash(stored, current);
  }

  private async byPassword(password: string, current: StoredUser | null): Promise<OperatorSetting> {
    if (current?.bootstrapHash && (await verifyPassword(current.bootstrapHash, password)))
      return { hash: current.passwordHash, bootstrap: current.bootstrapHash, applied: true };
    if (current && (await verifyPassword(current.passwordHash, password)))
      return { hash: current.passwordHash, bootstrap: current.passwordHash, applied: false };
    const hash = await hashPassword(password);
    return { hash, bootstrap: hash, applied: false };
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

  private async generate(): Promise<OperatorSetting> {
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
    return { hash, bootstrap: hash, applied: false };
  }
}
