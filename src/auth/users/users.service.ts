import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { AuthenticatedCaller } from '../door/caller';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../credentials/password-hasher';
import { passwordProblem } from '../credentials/password-rules';
import { newPassword } from '../credentials/secret-token';
import { ADMIN_NAME, normalizeUserName } from './user-name';
import { UserStore, type StoredUser } from './user-store';

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

  /**
   * The user's own password change: the current password must be right (401), the new one must pass the
   * rules and differ from it (422). Every session and token of the user issued before ends; the user as now
   * stored is returned, to open the caller a fresh session.
   */
  async changePassword(name: string, current: string, next: string): Promise<StoredUser> {
    const user = await this.verifyLogin(name, current);
    if (!user) throw new UnauthorizedException('The current password is wrong');
    const problem = passwordProblem(next, user.name) ?? (next === current ? 'The new password is the current one: choose another' : null);
    if (problem !== null) throw new UnprocessableEntityException(problem);
    if (!(await this.store.changePassword(user.id, await hashPassword(next), user.generation))) {
      throw new ConflictException('The password was changed at the same moment by another request: sign in again');
    }
    const changed = await this.store.active(user.name);
    if (!changed) throw new NotFoundException(`No user named ${user.name}`);
    return changed;
  }

  async add(rawName: string, password?: string): Promise<AddedUser> {
    const name = normalizeUserName(rawName);
    const problem = password === undefined ? null : passwordProblem(password, name);
    if (problem !== null) throw new BadRequestException(problem);
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
