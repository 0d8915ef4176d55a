/** The admin's password as the operator gave it. Read from the environment only, never kept in the config. */
export interface AdminSecrets {
  password: string | null;
  /** An argon2 hash (`$argon2id$...`), for operators who would rather not put the password itself in the environment. */
  passwordHash: string | null;
}

export const ADMIN_SECRETS = Symbol('ADMIN_SECRETS');

/** Where a generated admin password is shown, once. */
export const ADMIN_NOTICE = Symbol('ADMIN_NOTICE');
export type AdminNotice = (lines: string[]) => void;

export function adminSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): AdminSecrets {
  const read = (name: string) => (env[name]?.trim() ? env[name].trim() : null);
  return { password: env.GANTRY_PASSWORD ? env.GANTRY_PASSWORD : null, passwordHash: read('GANTRY_PASSWORD_HASH') };
}

/** Straight to the terminal, not through the logger: the one place a secret is shown, by design. */
export const printToStdout: AdminNotice = (lines) => process.stdout.write(`${lines.join('\n')}\n`);
