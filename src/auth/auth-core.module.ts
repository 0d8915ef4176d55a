import { Module } from '@nestjs/common';
import { CredentialCache } from './door/credential-cache';
import { SessionStore } from './sessions/session-store';
import { ApiTokenStore } from './tokens/api-token-store';
import { UserStore } from './users/user-store';
import { UsersService } from './users/users.service';

/** Users, sessions and tokens over the database, without HTTP: shared by the server and `gantry users`. */
@Module({
  providers: [CredentialCache, UserStore, UsersService, SessionStore, ApiTokenStore],
  exports: [CredentialCache, UserStore, UsersService, SessionStore, ApiTokenStore],
})
export class AuthCoreModule {}
