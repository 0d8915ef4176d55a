import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { POLICY_GATE } from '../missions/ports/policy-gate.port';
import { YamlPolicyGate } from './policy-gate';
import { loadPolicyFile } from './policy-loader';

export interface PolicyModuleOptions {
  /** The policy file; by default the configured one (GANTRY_POLICY_FILE, else the policy.yaml Gantry ships). */
  path?: string;
}

/** Read when the module is instantiated, so a missing or bad policy file stops the boot, naming the file. */
function gateProvider(options: PolicyModuleOptions): Provider {
  return {
    provide: POLICY_GATE,
    inject: [GANTRY_CONFIG],
    useFactory: (config: GantryConfig) => new YamlPolicyGate(loadPolicyFile(options.path ?? config.policyFile)),
  };
}

/** The policy gate over policy.yaml, as POLICY_GATE. `PolicyModule` uses the default file; `forRoot` picks one. */
@Global()
@Module({ providers: [gateProvider({})], exports: [POLICY_GATE] })
export class PolicyModule {
  static forRoot(options: PolicyModuleOptions = {}): DynamicModule {
    return { module: PolicyModule, providers: [gateProvider(options)], exports: [POLICY_GATE] };
  }
}
