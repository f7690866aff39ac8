import { defineExtensionMessaging } from '@webext-core/messaging';
import type { PlatformId } from '../calls/platforms';

/**
 * Every message between the extension's contexts, declared once.
 * The background checks each sender before it acts (see ext/senders.ts).
 */
export interface ProtocolMap {
  /** Content script → background: this tab is a call page of this platform. */
  callPage(data: { platform: PlatformId }): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
