import { browser } from 'wxt/browser';
import { liveQuery } from 'dexie';
import { passphraseStrength } from '../../crypto/passphrase';
import { SquircleDb } from '../../storage/db';
import { RoomGuard } from '../../storage/room';
import { ScratchRepo } from '../../storage/scratch-repo';
import { dropKeptOnClose, keepOnClose, keptOnClose } from './kept-on-close';
import { PromptsRepo } from '../../storage/prompts-repo';
import { libraryOf } from '../../domain/prompts';
import { noteTemplates } from '../../domain/templates';
import { retentionNotice, retentionNoticeText } from '../../storage/retention-notice';
import { backupApi, restoreIntoEmptyProfile } from './backup-api';
import { clinicBrokerAccount, type Settings } from '../../policy/settings';
import type { BackchannelApi } from '../../components/backchannel/api';
import { Backchannel } from './backchannel';
import { CoLeaderService } from './coleader-service';
import { coLeaderAbsence } from './coleader-reach';
import { gcqConfigFrom } from '../../domain/gcq';
import { withClinicRules } from '../../domain/jurisdictions';
import { safetyApi } from './safety-api';
import { practiceApi, rehearsalDeps, rehearseApi } from './practice-api';
import { Rehearsals } from './rehearsal';
import { firstRunApi } from './first-run';
import { SessionActions } from '../common/session-actions';
import { deviceId } from '../common/device';
import { clientNotesApi, memberPageApi, noteSigningApi } from './member-api';
import { noteRecordEvent } from '../../channel/local-events';
import { SessionsRepo } from '../../storage/sessions-repo';
import { effectiveSettings, resolvedSettings, writeUserSetting } from '../common/settings-store';
import { historyApi, sessionApi } from './panel-api';
import { practiceSupervisionApi, traineeSupervisionApi } from './supervision-api';
import { VaultService, type KdfFloor } from './vault-service';
import { browserSecurityKey } from './security-key';
import { integrityAlert, type IntegrityAlert } from './integrity';
import { throttleMirror } from '../common/throttle-mirror';

/**
 * One place that builds what an extension page needs, so entrypoints stay
 * thin and components receive plain functions. `kdfFloor`: the clinic's KDF
 * floor (settings: kdfMinimum), and `recoveryKey`: the clinic's recovery
 * public key (settings: recoveryPublicKey), read when the vault is created or
 * unlocked.
 */
export function pageServices(
  deps: { kdfFloor?: () => KdfFloor | undefined; recoveryKey?: () => string | undefined } = {},
) {
  // No write starts on a full disk: Chromium deletes a database a write left half-written there.
  const db = new SquircleDb('squircle', new RoomGuard(() => navigator.storage.estimate()));
  const vault = new VaultService(db, {
    floor: deps.kdfFloor,
    recoveryKey: deps.recoveryKey,
    securityKey: browserSecurityKey,
    retentionDays: async () => (await effectiveSettings()).retentionDays,
    throttleMirror,
  });
  return {
    db,
    vault,
    strength: passphraseStrength,
    /** What retention last deleted, in words, if it ever did. */
    retentionNotice: async () => {
      const n = await retentionNotice(db);
      return n && retentionNoticeText(n);
    },
    /**
     * What changed outside Squircle since the last unlock (storage/ledger.ts), in words,
     * or undefined when nothing did. Throws when locked.
     */
    integrity: async (): Promise<IntegrityAlert | undefined> => {
      const { findings } = await vault.integrity();
      if (findings.length === 0) return undefined;
      const sessions = new SessionsRepo(db, vault.fields());
      const names = new Map<string, string>();
      for (const f of findings) {
        const s = f.kind === 'rows' && f.sessionId ? await sessions.get(f.sessionId).catch(() => undefined) : undefined;
        if (s) names.set(s.id, `the session of ${new Date(s.startedAt).toLocaleString()}`);
      }
      return integrityAlert(findings, (id) => names.get(id));
    },
    /** The user has read the integrity alert: checking starts again from the records as they are. */
    acceptIntegrity: () => vault.acceptIntegrity(),
    /** Restores a backup into a profile that has no vault yet, then unlocks it. */
    restore: async (text: string, passphrase: string) => {
      await restoreIntoEmptyProfile(db, text, passphrase);
      await vault.unlock(passphrase);
    },
    scratch: {
      load: async () => {
        const repo = new ScratchRepo(db, vault.fields());
        const kept = await keptOnClose(vault.fields());
        if (kept === undefined) return repo.load();
        await repo.save(kept);
        await dropKeptOnClose();
        return kept;
      },
      save: async (text: string) => {
        await new ScratchRepo(db, vault.fields()).save(text);
        await dropKeptOnClose();
      },
      keep: (text: string) => keepOnClose(vault.fields(), text),
    },
    /** The APIs of the unlocked panel; build again after each unlock. */
    unlocked: async (opts: {
      settings: Settings;
      exportAllowed: boolean;
      perMemberExportAllowed: boolean;
      backupAllowed: boolean;
      openPrint: (id: string, c: 'process' | 'progress') => void;
    }) => {
      const cipher = vault.fields();
      const templates = noteTemplates(opts.settings.noteTemplates);
      const author = await deviceId();
      // The channel and the back-channel need each other: the back-channel sends through the
      // channel's sink, and the channel asks the back-channel's mode rule about a co-leader's
      // events and hands it a session the co-leader ended. The channel is built first and
      // reaches the back-channel through these functions, which run only once its engines do
      // (startAll), after both exist.
      const coleaders: CoLeaderService = new CoLeaderService(db, cipher, {
        brokerUrl: () => opts.settings.brokerUrl,
        meetingPlace: {
          read: async () => {
            const r = await resolvedSettings();
            return { brokerUrl: r.settings.brokerUrl, locked: r.locked.has('brokerUrl') };
          },
          save: (url) => writeUserSetting('brokerUrl', url),
        },
        brokerPolicy: () => ({
          hostsAllowed: opts.settings.brokerHostsAllowed,
          account: clinicBrokerAccount(opts.settings),
        }),
        may: (groupId, action) => backchannel.may(groupId, action),
        sessionEnded: (id) => backchannel.deliverParked(id),
        templates,
        practice: (groupId, e) =>
          void rehearsals.heard(groupId, e).catch((x: unknown) => console.warn('A rehearsal word was not taken', x)),
      });
      const rehearsals: Rehearsals = new Rehearsals(rehearsalDeps(db, cipher, coleaders));
      const backchannel: Backchannel = new Backchannel(
        db,
        cipher,
        new SessionActions(db, cipher, author, Date.now, coleaders.sink),
        () => opts.settings,
        coleaders.sink,
      );
      const session = sessionApi(db, cipher, vault.key(), author, {
        sink: coleaders.sink,
        ended: (id) => backchannel.deliverParked(id),
        clinicCategories: opts.settings.markerCategories,
        templates,
      });
      const backchannelApi: BackchannelApi = {
        mode: (g) => backchannel.mode(g),
        choices: () => backchannel.choices(),
        setMode: (g, m) => backchannel.setMode(g, m),
        may: (g, a) => backchannel.may(g, a),
        signal: (s, k, m) => backchannel.signal(s, k, m ?? null),
        sayAloud: (s) => backchannel.sayAloud(s),
        park: (s, t) => backchannel.park(s, t),
        sendNow: (s, t) => backchannel.sendNow(s, t),
        debrief: (id) => liveQuery(() => backchannel.debrief(id)),
        messages: (id) => liveQuery(() => backchannel.messagesOf(id)),
        reach: (groupId) => ({
          subscribe(o) {
            let live = true;
            const read = () =>
              void coleaders.forGroup(groupId).then(
                (c) => live && o.next(coLeaderAbsence(c)),
                (e: unknown) => live && o.error?.(e),
              );
            const off = coleaders.onChange(read);
            read();
            return {
              unsubscribe: () => {
                live = false;
                off();
              },
            };
          },
        }),
        prompts: async () => libraryOf(opts.settings.clinicPrompts, await new PromptsRepo(db, cipher).list()),
        addPrompt: async (theme, text) => void (await new PromptsRepo(db, cipher).add(theme, text)),
        me: author,
        presenceAidSeconds: opts.settings.presenceAid ? opts.settings.presenceAidSeconds : null,
        signalSound: opts.settings.signalSound,
      };
      const history = historyApi(db, cipher, { ...opts, templates });
      return {
        coleaders,
        backchannel,
        backchannelApi,
        safety: safetyApi(db, cipher, {
          jurisdictions: withClinicRules(opts.settings.jurisdictions),
          gcqConfig: gcqConfigFrom(opts.settings.gcqItemWording),
          openSettings: () => void browser.runtime.openOptionsPage(),
        }),
        session,
        history: {
          ...history,
          supervision: traineeSupervisionApi(db, cipher, coleaders, history),
          members: memberPageApi(db, cipher),
          clientNotes: clientNotesApi(db, cipher),
          signing: noteSigningApi(db, cipher, async (note) => {
            const event = noteRecordEvent(note);
            const session = event && (await new SessionsRepo(db, cipher).get(note.sessionId));
            if (event && session?.ownerKind === 'group') await coleaders.sink(session.ownerId, [event]);
          }),
        },
        backup: backupApi(db, cipher, opts.backupAllowed),
        rehearsals,
        practice: {
          ...practiceApi(db, cipher),
          supervision: practiceSupervisionApi(db, cipher, coleaders),
          ...(opts.settings.coleaderChannelAllowed !== false && {
            rehearse: rehearseApi(db, cipher, coleaders, rehearsals),
          }),
        },
        firstRun: firstRunApi(
          db,
          cipher,
          session,
          async () => (await db.groups.count()) + (await db.clients.count()) === 0,
        ),
      };
    },
  };
}

export type PageServices = ReturnType<typeof pageServices>;
