import type { SchemaPart } from '../../database/schema-part';
import { CreateAppReleases1766000000520 } from './migrations/1766000000520-create-app-releases';

/** The local deployer's releases and which one each app serves (the files themselves are blobs). */
export const DEPLOY_SCHEMA: SchemaPart = { migrations: [CreateAppReleases1766000000520] };
