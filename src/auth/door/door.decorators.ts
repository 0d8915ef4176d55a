import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'gantry:public';
export const ADMIN_ONLY = 'gantry:admin-only';

/** A `/gantry` route anyone may call (routes outside `/gantry` are public already: see AuthGuard). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** A route only the admin may call; others get 403. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);
