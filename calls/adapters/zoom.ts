import { $, type Adapter, leaveButton, report, sharing } from './dom';

/**
 * Zoom web client. The call UI lives in `iframe#webclient` (app.zoom.us/wc/…)
 * when Zoom runs as its PWA shell; the content script runs in that frame too
 * (all_frames), and the outer page stays silent while the frame is there.
 * Evidence (transcriptonic content-zoom.js, docs/PLATFORMS.md): in a call
 * `#audioOptionMenu`; the leave control sits in `.footer__leave-btn-container`
 * (a class name, so only counted with a leave-named button inside it).
 * Participants: no public markup evidence (the fixture's panel is invented),
 * so none are reported. Presenting: only the generic signal (a shown "Stop
 * Share" control, a pressed share toggle); unverified on the real site.
 * Meeting id: the number in /wc/<id>/… or /wc/join/<id>.
 */
export const zoom: Adapter = {
  frame: 'iframe#webclient',
  read(doc, url) {
    const footer = $(doc, '.footer__leave-btn-container');
    const inCall = !!$(doc, '#audioOptionMenu') || !!(footer && leaveButton(footer));
    return report(
      'zoom',
      doc,
      inCall,
      inCall,
      sharing(doc),
      [],
      /\/wc\/(?:join\/)?(\d+)/.exec(url.pathname)?.[1] ?? '',
    );
  },
};
