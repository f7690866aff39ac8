import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { bigbluebutton } from '../calls/adapters/bigbluebutton';
import { doxy } from '../calls/adapters/doxy';
import { simplepractice } from '../calls/adapters/simplepractice';
import { therapynotes } from '../calls/adapters/therapynotes';
import { vsee } from '../calls/adapters/vsee';
import { webex } from '../calls/adapters/webex';
import { whereby } from '../calls/adapters/whereby';
import { platformIdForUrl } from '../calls/platforms';
import { startCall } from '../calls/start';

/** The content script of BigBlueButton and the platforms read by the generic adapter (calls/scripts.ts). */
export default defineUnlistedScript(() =>
  startCall({ bigbluebutton, simplepractice, therapynotes, doxy, vsee, whereby, webex }, (u) =>
    platformIdForUrl(u.href),
  ),
);
