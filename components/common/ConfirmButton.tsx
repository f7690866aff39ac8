import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Button } from './Button';
import { useFocusOnMount } from './useFocusOnMount';
import { currentLanguage, t } from '../../util/i18n';

/** A destructive action that asks once more, inline, before it acts. */
export function ConfirmButton({
  label,
  question,
  onConfirm,
}: {
  label: string;
  question: string;
  onConfirm: () => void;
}): JSX.Element {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button variant="destructive" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span>{question}</span>{' '}
      <Button
        variant="destructive"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('common.confirmYes', { action: lowerFirst(label) })}
      </Button>{' '}
      <NoButton onClick={() => setAsking(false)} />
    </span>
  );
}

/** "Yes, delete": German keeps its capital, since its labels may start with a noun. */
const lowerFirst = (label: string) =>
  currentLanguage() === 'de' ? label : label.charAt(0).toLocaleLowerCase(currentLanguage()) + label.slice(1);

/** Focus lands on the safe answer. */
function NoButton({ onClick }: { onClick: () => void }): JSX.Element {
  const ref = useFocusOnMount<HTMLButtonElement>();
  return (
    <Button onClick={onClick} buttonRef={ref}>
      {t('common.answerNo')}
    </Button>
  );
}
