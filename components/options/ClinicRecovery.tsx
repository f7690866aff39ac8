import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

interface Props {
  /** The clinic's policy names a recovery key. */
  policySet: boolean;
  /** The fingerprint of the key this vault's key is sealed to, if any. */
  fingerprint: () => Promise<string | undefined>;
  clinic: string;
}

/** Whether the clinic can recover this vault, and with which key; nothing when neither policy nor record says so. */
export function ClinicRecovery({ policySet, fingerprint, clinic }: Props): JSX.Element | null {
  const [sealedTo, setSealedTo] = useState<string | undefined | 'loading'>('loading');
  useEffect(() => {
    let live = true;
    fingerprint().then(
      (f) => live && setSealedTo(f),
      () => live && setSealedTo(undefined),
    );
    return () => void (live = false);
  }, [fingerprint, policySet]);
  if (sealedTo === 'loading' || (!policySet && !sealedTo)) return null;
  const who = clinic || 'your clinic';
  return (
    <section class="card" aria-labelledby="recovery-title" data-clinic-recovery>
      <h2 id="recovery-title">Clinic recovery</h2>
      {sealedTo ? (
        <p class="quiet">
          {who} can recover this vault: its key is also sealed to the clinic’s recovery key (
          <code data-recovery-fingerprint>{sealedTo}</code>), which the clinic keeps offline. With it, the clinic can
          open your backups without your passphrase. Nobody else can.
        </p>
      ) : (
        <p class="quiet">
          {who} has set up recovery. It takes effect the next time you unlock the vault in the side panel.
        </p>
      )}
    </section>
  );
}
