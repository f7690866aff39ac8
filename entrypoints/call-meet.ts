import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { demo } from '../calls/adapters/demo';
import { meet } from '../calls/adapters/meet';
import { startCall } from '../calls/start';

/** The content script of Google Meet and the practice call (calls/scripts.ts). */
// Meet is served over https, the practice call over http on this machine (calls/platforms.ts).
export default defineUnlistedScript(() =>
  startCall({ meet, demo }, (u) => (u.protocol === 'https:' ? 'meet' : 'demo')),
);
