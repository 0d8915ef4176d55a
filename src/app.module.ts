import { Module, type DynamicModule } from '@nestjs/common';
import { ThemesModule } from './catalogue/themes.module';
import { AuthModule } from './auth/auth.module';
import { BlackBoxModule } from './missions/application/audit/black-box.module';
import { ConfigModule } from './config/config.module';
import { ConsoleModule } from './console/console.module';
import type { GantryConfig } from './config/gantry-config';
import { DatabaseModule, type DatabaseModuleOptions } from './database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { FoundryModule } from './foundry/foundry.module';
import { HealthModule } from './health/health.module';
import { MissionsModule } from './missions/missions.module';

/** The storage spine that every entry point (HTTP server, CLI commands) stands on. */
export function coreImports(config?: GantryConfig, options: DatabaseModuleOptions = {}): DynamicModule['imports'] {
  return [ConfigModule.forRoot(config), DatabaseModule.forRoot(options), EventStoreModule, BlackBoxModule];
}

@Module({})
export class AppModule {
  static forRoot(config?: GantryConfig): DynamicModule {
    return { module: AppModule, imports: [...(coreImports(config) ?? []), AuthModule, FoundryModule, HealthModule, MissionsModule, ThemesModule, ConsoleModule] };
  }
}
