import { Module } from '@nestjs/common';
import { BlackBoxService } from './black-box.service';

@Module({ providers: [BlackBoxService], exports: [BlackBoxService] })
export class BlackBoxModule {}
