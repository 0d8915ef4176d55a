import { Module } from '@nestjs/common';
import { ThemesController } from './http/themes.controller';

/** Public, read-only: GET /gantry/themes. */
@Module({ controllers: [ThemesController] })
export class ThemesModule {}
