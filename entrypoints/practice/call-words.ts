import { t, type LabelKey } from '../../util/i18n';

/**
 * The practice call's own words (its heading, the note on what it is, the
 * buttons, the ended screen) in the chosen language. What the call watcher
 * reads stays as demo/index.html writes it, in Meet's English: the controls'
 * aria-labels, the icon ligatures, the people list's "Participant:" labels
 * and the names on the tiles.
 */
export function translateCall(doc: Document = document): void {
  const set = (selector: string, key: LabelKey) => {
    const el = doc.querySelector(selector);
    if (el) el.textContent = t(key);
  };
  doc.title = t('practiceCall.pageTitle');
  set('.intro > h1', 'practiceCall.callTitle');
  set('.intro > p', 'practiceCall.callIntro');
  set('#people-title', 'practiceCall.people');
  doc.querySelector('#tiles')?.setAttribute('aria-label', t('practiceCall.tiles'));
  doc.querySelector('nav.controls')?.setAttribute('aria-label', t('practiceCall.controls'));
  set('#join', 'practiceCall.join');
  set('#leave', 'practiceCall.leave');
  set('#end .label', 'practiceCall.leaveCall');
  set('#ended h1', 'practiceCall.endedTitle');
  set('#ended p', 'practiceCall.endedText');
  set('#rejoin', 'practiceCall.rejoin');
  const status = doc.querySelector('#presenting');
  if (status) {
    const dot = status.querySelector('[aria-hidden]');
    status.replaceChildren(...(dot ? [dot, ' '] : []), t('practiceCall.youArePresenting'));
  }
  // demo/demo.js writes the present button's shown name from these when it toggles.
  const present = doc.querySelector<HTMLElement>('#present');
  if (present) {
    present.dataset.startLabel = t('practiceCall.startPresenting');
    present.dataset.stopLabel = t('practiceCall.stopPresenting');
    set('#present .label', 'practiceCall.startPresenting');
  }
}
