import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { bigbluebutton } from '../calls/adapters/bigbluebutton';
import { jitsi } from '../calls/adapters/jitsi';
import { hostedPlatformId } from '../calls/platforms';
import { startCall } from '../calls/start';

/**
 * The content script of self-hosted Jitsi Meet and BigBlueButton servers: not
 * in the manifest, registered at run time on each host the clinic or the
 * clinician added and the browser granted (ext/background/hosted-scripts.ts).
 */
export default defineUnlistedScript(() => startCall({ jitsi, bigbluebutton }, hostedPlatformId));
