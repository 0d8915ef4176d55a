import type { SchemaPart } from '../schema-part';
import { CreateInstallation1766100000000 } from './migrations/1766100000000-create-installation';

/** The installation's id (installation-id.ts). */
export const INSTALLATION_SCHEMA: SchemaPart = { migrations: [CreateInstallation1766100000000] };
