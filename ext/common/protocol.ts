import { defineExtensionMessaging } from '@webext-core/messaging';
import type { PlatformId } from '../../calls/platforms';
import type { CallReport } from '../../calls/report';

/**
 * Every message between the extension's contexts, declared once.
 * The background checks each sender before it acts (see ext/background/senders.ts).
 */
export interface ProtocolMap {
  /**
   * Content script → background: this tab is a call page of this platform, in
   * this language (`<html lang>`; the background answers with its word tables).
   */
  callPage(data: { platform: PlatformId; lang?: string }): void;
  /** Content script → background: what the call page shows now (untrusted; see ext/background/call-state.ts). */
  callState(data: CallReport): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
