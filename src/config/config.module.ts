import { Global, Module, type DynamicModule } from '@nestjs/common';
import { GANTRY_CONFIG, loadConfig, type GantryConfig } from './gantry-config';

@Global()
@Module({})
export class ConfigModule {
  /** The config is read once, before Nest starts, so a bad variable stops the boot with one clear line. */
  static forRoot(config: GantryConfig = loadConfig()): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: GANTRY_CONFIG, useValue: config }], exports: [GANTRY_CONFIG] };
  }
}
