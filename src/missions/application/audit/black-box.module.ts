import { Module } from '@nestjs/common';
import { BlackBoxService } from './black-box.service';
import { ShippingChainCheck } from './shipping-chain-check';

@Module({ providers: [BlackBoxService, ShippingChainCheck], exports: [BlackBoxService, ShippingChainCheck] })
export class BlackBoxModule {}
