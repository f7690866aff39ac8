import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { teams } from '../calls/adapters/teams';
import { startCall } from '../calls/start';

/** The content script of Microsoft Teams (calls/scripts.ts). */
export default defineUnlistedScript(() => startCall({ teams }, 'teams'));
