import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthenticatedCaller } from '../door/caller';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../credentials/password-hasher';
import { newPassword } from '../credentials/secret-token';
import { ADMIN_NAME, normalizeUserName } from './user-name';
import { UserStore, type StoredUser } from './user-store';

export const MIN_PASSWORD_LENGTH = 12;

export interface AddedUser {
  name: string;
  admin: boolean;
  /** Present when Gantry made the password up: shown to the person once, stored only as its hash. */
  generatedPassword: string | null;
}

export interface UserView {
  name: string;
  admin: boolean;
  created_at: string;
}

/** Adding, removing and signing in users; the admin is made at boot (see AdminBootstrap). */
@Injectable()
export class UsersService {
  constructor(private readonly store: UserStore) {}

  /** The user these credentials name, or null; an unknown name costs as long as a wrong password. */
  async verifyLogin(username: string | undefined, password: string): Promise<StoredUser | null> {
    const user = await this.store.active((username ?? ADMIN_NAME).trim().toLowerCase());
    const matches = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
    return matches ? user : null;
  }

  async add(rawName: string, password?: string): Promise<AddedUser> {
    const name = normalizeUserName(rawName);
    if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) {
      throw new BadRequestException(`A password has at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const chosen = password ?? newPassword();
    if (!(await this.store.insert(name, await hashPassword(chosen), false))) {
      throw new ConflictException(`The name ${name} is taken (names of removed users are not reused)`);
    }
    return { name, admin: false, generatedPassword: password === undefined ? chosen : null };
  }

  async remove(rawName: string, by?: AuthenticatedCaller): Promise<void> {
    const name = rawName.trim().toLowerCase();
    const user = await this.store.active(name);
    if (!user) throw new NotFoundException(`No user named ${name}`);
    if (user.admin || by?.name === name) throw new ForbiddenException('The admin cannot be removed');
    await this.store.remove(user.id);
  }

  async list(): Promise<UserView[]> {
    return (await this.store.list()).map((user) => ({ name: user.name, admin: user.admin, created_at: user.createdAt.toISOString() }));
  }
}
