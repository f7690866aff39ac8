import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { MODES, MODE_LABELS } from '../../domain/modes';

/** The shortcut keys a browser gives Squircle by default (wxt.config.ts commands). */
export const KEYS: readonly [string, string][] = [
  ['Alt+Shift+M', 'Mark a moment (works while the call page has focus)'],
  ['Alt+Shift+L', 'Mark a moment a few seconds ago (L for lag)'],
  ['Alt+Shift+K', 'Mark, then choose its kind in the panel'],
  ['Alt+Shift+U', 'Mark, then choose the member in the panel'],
  ['E (in the panel)', 'Show the emergency card during a session'],
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
      <h1>Squircle help</h1>

      <section aria-labelledby="help-start">
        <h2 id="help-start">Getting started</h2>
        <p>
          Open the Squircle panel from the toolbar button beside a video call. The first-run guide walks you through a
          sample group and the practice call; you can see it again at any time.
        </p>
        <p class="row">
          <button
            type="button"
            onClick={() =>
              void showGuide().then(() => setGuide('The guide is back at the top of Session in the panel.'))
            }
          >
            Show the first-run guide again
          </button>
          <button type="button" onClick={openPracticeCall}>
            Open the practice call
          </button>
        </p>
        {guide && <p role="status">{guide}</p>}
      </section>

      <section aria-labelledby="help-keys">
        <h2 id="help-keys">Keys</h2>
        <table>
          <tbody>
            {KEYS.map(([k, what]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="quiet">
          Change them at chrome://extensions/shortcuts (Chrome, Edge) or in Firefox's Manage Extension Shortcuts.
          Everything in the panel is reachable with Tab and Enter.
        </p>
      </section>

      <section aria-labelledby="help-modes">
        <h2 id="help-modes">Co-leader modes</h2>
        <p>How much two co-leaders exchange during a session, chosen per group, most private first:</p>
        <ul>
          {MODES.map((m) => (
            <li key={m}>{MODE_LABELS[m]}.</li>
          ))}
        </ul>
        <p>“Say aloud” notes that you spoke a thought in front of the group instead of sending it privately.</p>
      </section>

      <section aria-labelledby="help-private">
        <h2 id="help-private">What is private from whom</h2>
        <ul>
          <li>
            <strong>The video call and its platform</strong> never see your markers or notes: the part of Squircle that
            reads the call page holds no key and no record.
          </li>
          <li>
            <strong>Your co-leader</strong> sees what you share in a group you lead together (markers, attendance,
            signals, the shared note); your scratch note, your practice and your own clients stay yours.
          </li>
          <li>
            <strong>The co-leader broker</strong> relays messages it cannot read: they are encrypted and signed end to
            end. Compare the safety number aloud when you pair.
          </li>
          <li>
            <strong>Anyone with this computer</strong> needs your passphrase: every clinical field is encrypted on disk;
            the vault locks when idle and when the browser closes.
          </li>
          <li>
            <strong>Exports and printouts</strong> are plain text once saved: keep them where your clinic says.
          </li>
        </ul>
      </section>

      <section aria-labelledby="help-data">
        <h2 id="help-data">Where your data lives</h2>
        <p>
          In this browser profile only, encrypted, in the extension's own storage. Nothing goes to a Squircle server:
          there is none. A backup (from the panel) is a file encrypted like the vault. Practice debriefs are kept in the
          vault apart from clinical records and are never exported. Forgetting the passphrase means the vault cannot be
          opened; keep a backup.
        </p>
      </section>
    </main>
  );
}
