import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { LeaderProfile, PlatformStatus } from '../../domain/safety';

interface Props {
  profile: LeaderProfile;
  /** The platforms to ask about, e.g. from calls/platforms. */
  platforms: readonly { code: string; label: string }[];
  onSave: (p: Omit<LeaderProfile, 'id' | 'updatedAt'>) => Promise<unknown>;
}

const splitRegions = (s: string) =>
  s
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Where the leader is licensed, PSYPACT, and which platforms are cleared for clinical use. */
export function LeaderProfileEditor({ profile, platforms, onSave }: Props): JSX.Element {
  const [licensed, setLicensed] = useState(profile.licensedIn.join(', '));
  const [psypact, setPsypact] = useState(profile.psypact);
  const [status, setStatus] = useState<Record<string, PlatformStatus>>(profile.platforms);
  const [saved, setSaved] = useState('');
  const set = (code: string, k: keyof PlatformStatus, v: boolean) => {
    const cur = status[code] ?? { approved: false, baa: false };
    setStatus({ ...status, [code]: { ...cur, [k]: v } });
  };
  return (
    <form
      class="editor"
      aria-labelledby="leader-profile-title"
      onSubmit={async (e) => {
        e.preventDefault();
        await onSave({ licensedIn: splitRegions(licensed), psypact, platforms: status });
        setSaved('Saved.');
      }}
    >
      <h3 id="leader-profile-title">Your licences and platforms</h3>
      <div class="field">
        <label for="leader-licensed">Licensed in</label>
        <input
          id="leader-licensed"
          autocomplete="off"
          value={licensed}
          aria-describedby="leader-licensed-hint"
          onInput={(e) => setLicensed(e.currentTarget.value)}
        />
        <p class="hint" id="leader-licensed-hint">
          States, provinces or countries, separated by commas, e.g. CA, CO, Ontario, Germany.
        </p>
      </div>
      <label class="row">
        <input type="checkbox" checked={psypact} onChange={(e) => setPsypact(e.currentTarget.checked)} />I hold a
        PSYPACT authorisation for telepsychology
      </label>
      <fieldset class="plain-fieldset">
        <legend>Video platforms</legend>
        <table>
          <thead>
            <tr>
              <th scope="col">Platform</th>
              <th scope="col">Approved for clinical use</th>
              <th scope="col">Business associate agreement</th>
            </tr>
          </thead>
          <tbody>
            {platforms.map((p) => (
              <tr key={p.code}>
                <th scope="row">{p.label}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${p.label}: approved for clinical use`}
                    checked={!!status[p.code]?.approved}
                    onChange={(e) => set(p.code, 'approved', e.currentTarget.checked)}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${p.label}: business associate agreement in place`}
                    checked={!!status[p.code]?.baa}
                    onChange={(e) => set(p.code, 'baa', e.currentTarget.checked)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <div class="row">
        <button type="submit" class="primary">
          Save
        </button>
        <span role="status" class="quiet">
          {saved}
        </span>
      </div>
    </form>
  );
}
