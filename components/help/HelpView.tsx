import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { MODES, type BackchannelMode } from '../../domain/modes';
import { t, type LabelKey } from '../../util/i18n';
import { Message } from '../common/Message';

/** Where Chromium browsers let a user change an extension's keys (an address, the same in every language). */
const SHORTCUTS_PAGE = 'chrome://extensions/shortcuts';

/** The shortcut keys a browser gives Squircle by default (wxt.config.ts commands), as each language names them. */
export const KEYS: readonly [LabelKey, LabelKey][] = [
  ['helpView.keyMark', 'helpView.mark'],
  ['helpView.keyMarkBack', 'helpView.markBack'],
  ['helpView.keyMarkCategory', 'helpView.markCategory'],
  ['helpView.keyMarkMember', 'helpView.markMember'],
  ['helpView.keyEmergency', 'helpView.emergency'],
];

const MODE_TEXT: Readonly<Record<BackchannelMode, LabelKey>> = {
  off: 'helpView.modeOff',
  signals: 'helpView.modeSignals',
  'spoken-first': 'helpView.modeSpokenFirst',
  open: 'helpView.modeOpen',
};

/** Who can see what, each as its subject (set in bold) and the rest of the sentence. */
const PRIVATE: readonly [LabelKey, LabelKey][] = [
  ['helpView.callTitle', 'helpView.callText'],
  ['helpView.coleaderTitle', 'helpView.coleaderText'],
  ['helpView.brokerTitle', 'helpView.brokerText'],
  ['helpView.computerTitle', 'helpView.computerText'],
  ['helpView.exportsTitle', 'helpView.exportsText'],
];

interface Props {
  showGuide: () => Promise<void>;
  openPracticeCall: () => void;
}

/** Help, inside the extension: keys, the back-channel's modes, what is private from whom, where data lives. */
export function HelpView({ showGuide, openPracticeCall }: Props): JSX.Element {
  const [guide, setGuide] = useState('');
  return (
    <main class="panel help">
      <h1>{t('helpView.title')}</h1>

      <section aria-labelledby="help-start">
        <h2 id="help-start">{t('helpView.startTitle')}</h2>
        <p>{t('helpView.startText')}</p>
        <p class="row">
          <button type="button" onClick={() => void showGuide().then(() => setGuide(t('helpView.guideBack')))}>
            {t('helpView.showGuide')}
          </button>
          <button type="button" onClick={openPracticeCall}>
            {t('helpView.openCall')}
          </button>
        </p>
        {guide && <p role="status">{guide}</p>}
      </section>

      <section aria-labelledby="help-keys">
        <h2 id="help-keys">{t('helpView.keysTitle')}</h2>
        <table>
          <tbody>
            {KEYS.map(([k, what]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{t(k)}</kbd>
                </th>
                <td>{t(what)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="quiet">
          <Message id="helpView.changeKeys" parts={{ page: <code dir="ltr">{SHORTCUTS_PAGE}</code> }} />
        </p>
      </section>

      <section aria-labelledby="help-modes">
        <h2 id="help-modes">{t('helpView.modesTitle')}</h2>
        <p>{t('helpView.modesIntro')}</p>
        <ul>
          {MODES.map((m) => (
            <li key={m}>{t(MODE_TEXT[m])}</li>
          ))}
        </ul>
        <p>{t('helpView.sayAloud')}</p>
      </section>

      <section aria-labelledby="help-private">
        <h2 id="help-private">{t('helpView.privateTitle')}</h2>
        <ul>
          {PRIVATE.map(([who, text]) => (
            <li key={who}>
              <strong>{t(who)}</strong> {t(text)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="help-data">
        <h2 id="help-data">{t('helpView.dataTitle')}</h2>
        <p>{t('helpView.dataText')}</p>
      </section>
    </main>
  );
}
