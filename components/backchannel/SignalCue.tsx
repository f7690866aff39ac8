import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { categoryLabel } from '../../domain/categories';
import { SIGNALS, isSignalCategory, signalCategory } from '../../domain/modes';
import type { Marker, Member } from '../../domain/types';
import { t } from '../../util/i18n';

const SHOW_MS = 8000;

/**
 * The co-leader's signal as a quiet cue that fades by itself. Silent unless
 * the leader turned the soft sound on.
 */
export function SignalCue({
  markers,
  members,
  me,
  sound,
}: {
  markers: Marker[];
  members: Member[];
  me: string;
  sound: boolean;
}): JSX.Element | null {
  const [cue, setCue] = useState<Marker | null>(null);
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    const signals = markers.filter((m) => isSignalCategory(m.category) && m.author !== me && !m.deleted);
    if (seen.current === null) {
      // What was there before this screen opened is history, not a new cue.
      seen.current = new Set(signals.map((m) => m.id));
      return;
    }
    const fresh = signals.filter((m) => !seen.current!.has(m.id) && Date.now() - m.wallAt < 60_000);
    for (const m of signals) seen.current.add(m.id);
    const last = fresh.at(-1);
    if (!last) return;
    setCue(last);
    if (sound) chime();
    const t = setTimeout(() => setCue(null), SHOW_MS);
    return () => clearTimeout(t);
  }, [markers]);
  if (!cue) return null;
  const who = cue.memberId ? members.find((m) => m.id === cue.memberId)?.name : undefined;
  return (
    <p class="cue" role="status" aria-live="polite" data-cue={cue.category}>
      {who
        ? t('backchannel.cueFor', { signal: signalName(cue.category), name: who })
        : t('backchannel.cue', { signal: signalName(cue.category) })}
    </p>
  );
}

/** The signal's own name, without the category's "Signal: " before it. */
const signalName = (category: string) =>
  SIGNALS.find((s) => signalCategory(s.kind) === category)?.label ?? categoryLabel(category);

/** A short, soft tone. */
function chime(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 660;
    gain.gain.setValueAtTime(0.05, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.4);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.4);
  } catch {
    // No audio here: the cue is visual anyway.
  }
}
