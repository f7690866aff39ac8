import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { doxy } from '../calls/adapters/doxy';
import { vsee } from '../calls/adapters/vsee';
import { webex } from '../calls/adapters/webex';
import { whereby } from '../calls/adapters/whereby';
import { startCall } from '../calls/start';

/** The content script of the platforms read by the generic adapter (calls/scripts.ts). */
export default defineUnlistedScript(() => startCall({ doxy, vsee, whereby, webex }));
