import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { DATABASE, type Database } from '../database/database';
import { AdminBootstrap } from './admin/admin-bootstrap';
import { ADMIN_NOTICE, ADMIN_SECRETS, adminSecretsFromEnv, printToStdout } from './admin/admin-secrets';
import { AuthCoreModule } from './auth-core.module';
import { AuthGuard } from './door/auth.guard';
import { CallerResolver } from './door/caller-resolver';
import { DoorThrottlerGuard, throttlerOptions } from './door/door-throttler.guard';
import { AuthController } from './http/auth.controller';
import { SignInLimiter } from './sign-in/sign-in-limiter';
import { KnownDevices } from './sign-in/known-devices';
import { TokensController } from './http/tokens.controller';
import { UsersController } from './http/users.controller';

/**
 * Security at the door: sign-in (throttled with growing delays), password changes, sessions, API tokens,
 * users, rate limits. The guards run in this order
 * for every route: the throttler (so refused sign-ins and anonymous floods are counted too), then the
 * authentication guard.
 */
@Module({
  imports: [
    AuthCoreModule,
    ThrottlerModule.forRootAsync({
      inject: [GANTRY_CONFIG, DATABASE],
      useFactory: (config: GantryConfig, database: Database) => throttlerOptions(config, database.pool),
    }),
  ],
  controllers: [AuthController, UsersController, TokensController],
  providers: [
    { provide: ADMIN_SECRETS, useFactory: () => adminSecretsFromEnv() },
    { provide: ADMIN_NOTICE, useValue: printToStdout },
    AdminBootstrap,
    CallerResolver,
    SignInLimiter,
    KnownDevices,
    { provide: APP_GUARD, useClass: DoorThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthModule {}
