import { Module } from '@nestjs/common';
import { BlackBoxService } from './black-box.service';
import { ShippingChainCheck } from './shipping-chain-check';
import { AuditBundleService } from './audit-bundle.service';
import { LogAuditService } from './log-audit.service';
import { EVIDENCE_STORE_PROVIDER } from '../../infrastructure/evidence-store';

/** The Black Box's services, for the server and the CLI alike (the transparency log's module is global). */
@Module({
  providers: [BlackBoxService, ShippingChainCheck, EVIDENCE_STORE_PROVIDER, AuditBundleService, LogAuditService],
  exports: [BlackBoxService, ShippingChainCheck, AuditBundleService, LogAuditService],
})
export class BlackBoxModule {}
