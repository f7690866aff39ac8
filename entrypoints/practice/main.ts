import '../../demo/demo.css';
// Order matters: the markup is in the page before the call's behaviour runs.
import './markup';
import '../../demo/demo.js';
import { ADAPTERS } from '../../calls/adapters';
import { callPort } from '../../calls/send';
import { watchCall } from '../../calls/watch';
import { mountPlayer } from './player';
import { translateCall } from './call-words';
import { effectiveSettings } from '../../ext/common/settings-store';
import { applyLanguage } from '../../ext/common/locale';

/**
 * The practice call inside the extension. Content scripts are never injected
 * into extension pages, so this page runs what entrypoints/call.ts runs on a
 * real call: the demo adapter read by the same watcher, each report sent on
 * the same port the content script opens. The background accepts it only
 * from this page's own address (ext/background/senders.ts).
 */
const send = callPort({ type: 'callPage', data: { platform: 'demo' } });
watchCall(ADAPTERS.demo, 'demo', (r) => send({ type: 'callState', data: r }));
// The scenario controls and the scenarios' words in the language of the settings (the page's lang and dir too).
void effectiveSettings()
  .then(({ language }) => applyLanguage(language))
  .catch((e: unknown) => console.warn(e))
  .finally(() => {
    translateCall();
    mountPlayer(document.querySelector('.intro')!);
  });
