import { Module } from '@nestjs/common';
import { ConsoleAssets } from './console-assets';
import { ConsoleController } from './console.controller';

/** Serves the web console (hand-written ES modules in `web/`, no build step) from Gantry itself. */
@Module({ controllers: [ConsoleController], providers: [{ provide: ConsoleAssets, useFactory: () => new ConsoleAssets() }] })
export class ConsoleModule {}
