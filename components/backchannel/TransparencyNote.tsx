import type { JSX } from 'preact';
import { Button } from '../common/Button';

/** Plain words for the group, for informed consent: read aloud or print and send. */
export const TRANSPARENCY_TEXT = [
  'About the tool your group leaders use',
  '',
  'During our online sessions, your group leaders keep a private notebook open beside the video call. ' +
    'Here is what it does and what it does not do.',
  '',
  '• It does not record the call: no sound, no video, no screenshots.',
  '• The leaders use it to note moments they want to come back to, and to write their session notes afterwards. ' +
    "These notes are encrypted on the leaders' own computers.",
  '• The two leaders can send each other small wordless signals, such as "I\'d like to come in" or "over to you", ' +
    'to replace the glances they would share in a room. ' +
    'Anything with real content, they try to say aloud in front of the group ' +
    'or keep for their meeting after the session.',
  '• Nothing from the notebook is shown on the video call or shared with the video company.',
  '',
  'If you have questions about this, please ask your leaders at any time.',
].join('\n');

export function TransparencyNote(): JSX.Element {
  return (
    <section class="card" aria-labelledby="transparency-title">
      <h2 id="transparency-title">What to tell the group</h2>
      <p class="quiet">
        A short text about this panel for informed consent. Read it to the group, or print it and send it to members.
      </p>
      <pre class="preview" data-transparency tabIndex={0} aria-label="Text for the group">
        {TRANSPARENCY_TEXT}
      </pre>
      <Button
        onClick={() => {
          const w = open('', '_blank');
          if (!w) return;
          const pre = w.document.createElement('pre');
          pre.style.cssText =
            'white-space: pre-wrap; font: 12pt/1.5 Georgia, serif; max-width: 640px; margin: 32px auto;';
          pre.textContent = TRANSPARENCY_TEXT;
          w.document.body.append(pre);
          w.print();
        }}
      >
        Print
      </Button>
    </section>
  );
}
