import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { jitsi } from '../calls/adapters/jitsi';
import { startCall } from '../calls/start';

/** The content script of Jitsi Meet (calls/scripts.ts). */
export default defineUnlistedScript(() => startCall({ jitsi }, 'jitsi'));
