import { Module, type DynamicModule } from '@nestjs/common';
import { ThemesModule } from './catalogue/themes.module';
import { AuthModule } from './auth/auth.module';
import { BlobStoreModule } from './blob-store/blob-store.module';
import { BlackBoxModule } from './missions/application/audit/black-box.module';
import { ConfigModule } from './config/config.module';
import { ConsoleModule } from './console/console.module';
import type { GantryConfig } from './config/gantry-config';
import { DatabaseModule, type DatabaseModuleOptions } from './database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { FoundryModule } from './foundry/foundry.module';
import { GANTRY_SCHEMA } from './gantry-schema';
import { HealthModule } from './health/health.module';
import { MissionsModule } from './missions/missions.module';
import { ArchitectModule } from './architect/architect.module';
import { ConsultationModule } from './consultation/consultation.module';
import { DeployModule } from './deploy/deploy.module';
import { GuardrailsModule } from './guardrails/guardrails.module';
import { PolicyModule } from './policy/policy.module';
import { PublishModule } from './publish/publish.module';
import { TransparencyLogModule } from './missions/transparency-log.module';
import { RolesModule } from './roles/roles.module';

/** The storage spine that every entry point (HTTP server, CLI commands) stands on. */
export function coreImports(config?: GantryConfig, options: Omit<DatabaseModuleOptions, 'schema'> = {}): DynamicModule['imports'] {
  return [
    ConfigModule.forRoot(config),
    DatabaseModule.forRoot({ ...options, schema: GANTRY_SCHEMA }),
    BlobStoreModule,
    EventStoreModule,
    BlackBoxModule,
    TransparencyLogModule,
  ];
}

/** The modules whose adapters implement the core's ports. */
const MISSION_ADAPTERS = [ConsultationModule, PolicyModule, ArchitectModule, DeployModule, PublishModule, GuardrailsModule];

@Module({})
export class AppModule {
  static forRoot(config?: GantryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...(coreImports(config) ?? []),
        AuthModule,
        FoundryModule,
        HealthModule,
        MissionsModule.register(MISSION_ADAPTERS),
        ThemesModule,
        ConsoleModule,
        RolesModule,
      ],
    };
  }
}
