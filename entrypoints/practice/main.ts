import '../../demo/demo.css';
// Order matters: the markup is in the page before the call's behaviour runs.
import './markup';
import '../../demo/demo.js';
import { ADAPTERS } from '../../calls/adapters';
import { sendToBackground } from '../../calls/send';
import { watchCall } from '../../calls/watch';
import { mountPlayer } from './player';

/**
 * The practice call inside the extension. Content scripts are never injected
 * into extension pages, so this page runs what entrypoints/call.ts runs on a
 * real call: the demo adapter read by the same watcher, each report sent with
 * the same message the content script sends. The background accepts it only
 * from this page's own address (ext/background/senders.ts).
 */
sendToBackground('callPage', { platform: 'demo' });
watchCall(ADAPTERS.demo, 'demo', (r) => sendToBackground('callState', r));
mountPlayer(document.querySelector('.intro')!);
