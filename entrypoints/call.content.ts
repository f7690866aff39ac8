import { defineContentScript } from 'wxt/utils/define-content-script';
import { ALL_MATCHES } from '../calls/platforms';

export default defineContentScript({
  matches: [...ALL_MATCHES],
  allFrames: true,
  runAt: 'document_idle',
  main() {},
});
