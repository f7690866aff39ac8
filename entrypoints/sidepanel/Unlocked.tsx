import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { PanelShell } from '../../components/PanelShell';
import { PrivacyShade } from '../../components/common/PrivacyShade';
import type { CallInfo } from '../../components/session/api';
import { watchCall } from '../../ext/panel/call-view';
import {
  clearEmergency,
  clearOpenMarker,
  watchEmergency,
  watchOpenMarker,
  type OpenMarker,
} from '../../ext/panel/open-marker';
import type { PanelServices } from '../../ext/panel/panel-services';
import { integrityCheckFailed, type IntegrityAlert } from '../../ext/panel/integrity';
import { setShade, watchShade } from '../../ext/common/privacy-shade';
import type { Settings } from '../../policy/settings';
import { t } from '../../util/i18n';
import { UnsavedTextError } from '../../util/pending-saves';

export interface UnlockedProps {
  services: PanelServices;
  settings: Settings;
  openPrint: (sessionId: string, noteClass: 'process' | 'progress') => void;
  /** Opens Squircle's settings page. */
  openOptions: () => void;
}

/** `sidepanel.html?tab=N` (a panel in its own tab) follows call tab N. */
function followTab(): number | undefined {
  const n = Number(new URLSearchParams(location.search).get('tab'));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

type Apis = Awaited<ReturnType<PanelServices['unlocked']>>;

/**
 * The unlocked panel, loaded by App through a dynamic import so the lock
 * screen does not carry it. Built once per unlock: the APIs hold this
 * unlock's cipher.
 */
export function Unlocked({ services, settings, openPrint, openOptions }: UnlockedProps): JSX.Element {
  const [apis, setApis] = useState<Apis | undefined>();
  const [call, setCall] = useState<CallInfo | null>(null);
  useEffect(() => {
    let stop: (() => Promise<void>) | undefined;
    void services
      .unlocked({
        settings,
        exportAllowed: settings.exportAllowed,
        perMemberExportAllowed: settings.perMemberExportAllowed,
        backupAllowed: settings.backupAllowed,
        openPrint,
      })
      .then((a) => {
        setApis(a);
        stop = () => {
          a.rehearsals.dispose();
          return a.coleaders.stopAll();
        };
        void a.coleaders.startAll();
      });
    return () => void stop?.();
  }, [services, settings]);
  const [openMarker, setOpenMarker] = useState<OpenMarker | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const [emergency, setEmergency] = useState(false);
  useEffect(() => watchEmergency(setEmergency), []);
  useEffect(() => void services.retentionNotice().then(setNotice), [services]);
  const [integrity, setIntegrity] = useState<IntegrityAlert | undefined>();
  useEffect(() => void services.integrity().then(setIntegrity), [services]);
  useEffect(() => watchCall(setCall, followTab()), []);
  useEffect(() => watchOpenMarker(setOpenMarker), []);
  const [shade, setShaded] = useState(false);
  const [lockRefused, setLockRefused] = useState(false);
  useEffect(() => watchShade(setShaded), []);
  if (!apis) return <p class="quiet">{t('common.opening')}</p>;
  return (
    <>
      {/* Under the shade the panel stays as it was (open editors keep their text), out of reach. */}
      <div class="panel-body" inert={shade} aria-hidden={shade || undefined}>
        <PanelShell
          api={apis.session}
          coleaders={apis.coleaders}
          backchannel={apis.backchannelApi}
          safety={apis.safety}
          emergency={emergency}
          onEmergencyShown={() => void clearEmergency()}
          history={apis.history}
          backup={apis.backup}
          practice={apis.practice}
          firstRun={apis.firstRun}
          scratch={services.scratch}
          call={call}
          guardEnabled={settings.screenShareGuard}
          backSeconds={settings.markBackSeconds}
          openMarker={openMarker}
          onMarkerOpened={() => void clearOpenMarker()}
          onLock={() =>
            void services.vault.lock().then(
              () => setLockRefused(false),
              (e: unknown) => {
                if (e instanceof UnsavedTextError) setLockRefused(true);
                else throw e;
              },
            )
          }
          lockRefused={lockRefused}
          onOpenOptions={openOptions}
          managedBy={settings.clinicName || undefined}
          notice={notice}
          integrity={
            integrity && {
              ...integrity,
              // A check that could not run is only closed: nothing was checked that could be accepted.
              onAccept: () =>
                integrity.failed
                  ? setIntegrity(undefined)
                  : void services.acceptIntegrity().then(
                      () => setIntegrity(undefined),
                      (e: unknown) => setIntegrity(integrityCheckFailed(e)),
                    ),
            }
          }
          coleadersAllowed={settings.coleaderChannelAllowed}
          onShade={() => void setShade(true)}
        />
      </div>
      <PrivacyShade on={shade} onReveal={() => void setShade(false)} />
    </>
  );
}
