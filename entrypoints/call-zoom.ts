import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { zoom } from '../calls/adapters/zoom';
import { startCall } from '../calls/start';

/** The content script of Zoom's web client, in its call frame too (calls/scripts.ts). */
export default defineUnlistedScript(() => startCall({ zoom }, 'zoom'));
