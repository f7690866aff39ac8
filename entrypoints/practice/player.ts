import { lengthMs, schedule, SPEEDS, type Moment, type Scenario, type Speed } from '../../domain/scenario';
import { scenarioMsAt } from '../../domain/rehearsal';
import { writePracticeRun, type PracticeRun } from '../../ext/common/practice-run';
import { onRehearsal, readRehearsal, type Rehearsal } from '../../ext/common/rehearsal-state';
import { scenarioById, scenariosIn } from '../../scenarios';
import { t } from '../../util/i18n';

/** What demo/demo.js puts on window.fixture, as far as the player uses it. */
interface CallApi {
  join(name: string): string;
  leave(name: string): void;
  participants(): string[];
}

const $ = <T extends Element>(s: string, r: ParentNode = document) => r.querySelector<T>(s);
const call = () => (window as unknown as { fixture: CallApi }).fixture;
const tile = (name: string) =>
  [...document.querySelectorAll<HTMLElement>('#tiles .tile')].find((t) => $('.name', t)?.textContent === name);

const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** What a moment does to the call when it starts (`on`) and ends. */
function show(m: Moment, on: boolean): void {
  const el = m.member ? tile(m.member) : undefined;
  switch (m.event) {
    case 'join':
      if (on) call().join(m.member!);
      return;
    case 'leave':
      if (on) call().leave(m.member!);
      return;
    case 'drop':
      if (on) call().leave(m.member!);
      else call().join(m.member!);
      return;
    case 'behind':
      el?.classList.toggle('behind', on);
      return;
    case 'camera-off':
      el?.classList.toggle('camera-off', on);
      return;
    case 'face':
      el?.classList.toggle('tight', on);
      speaking(on ? m.speaker! : undefined);
      return;
    case 'silence':
      document.querySelector('.call')?.classList.toggle('silent', on);
      speaking(on ? null : undefined);
      return;
    case 'signal': {
      let cue = el && $<HTMLElement>('.signal', el);
      if (el && !cue) {
        cue = document.createElement('span');
        cue.className = 'signal';
        el.append(cue);
      }
      if (cue) cue.textContent = on ? t('practiceCall.signal', { says: m.says ?? '' }) : '';
      if (cue) cue.hidden = !on;
    }
  }
}

/** Who speaks: `undefined` lets the talk move around the group, a name holds it there, null is silence. */
let held: string | null | undefined;
function speaking(who: string | null | undefined): void {
  held = who;
  ring();
}
let turn = 0;
function ring(): void {
  const names = call()
    .participants()
    .filter((n) => n !== 'You');
  const who = held === undefined ? names[turn++ % Math.max(1, names.length)] : held;
  for (const t of document.querySelectorAll('#tiles .tile')) t.classList.toggle('speaking', !!who && tile(who) === t);
}

/**
 * The scenario controls under the practice call: choose a scenario and a
 * speed, start and stop. Playing sets the call to the scenario's people,
 * runs each scripted moment at its time, and records the run for the
 * panel's debrief (ext/common/practice-run.ts).
 */
export function mountPlayer(host: HTMLElement): void {
  const section = document.createElement('section');
  section.className = 'scenario';
  section.setAttribute('aria-labelledby', 'scenario-title');
  section.innerHTML = `
    <h2 id="scenario-title"></h2>
    <p class="hint" id="scenario-hint"></p>
    <div class="row">
      <label><span id="scenario-label"></span> <select id="scenario"></select></label>
      <label><span id="speed-label"></span> <select id="speed"></select></label>
      <button type="button" id="play"></button>
      <button type="button" id="stop" hidden></button>
    </div>
    <p id="scenario-summary" class="hint"></p>
    <p id="scenario-status" role="status"></p>`;
  host.append(section);
  // Set as text, never as markup: the words come from the message files and scenario files.
  $('#scenario-title', section)!.textContent = t('practiceCall.title');
  $('#scenario-hint', section)!.textContent = t('practiceCall.hint');
  $('#scenario-label', section)!.textContent = t('practiceCall.scenario');
  $('#speed-label', section)!.textContent = t('practiceCall.speed');
  const pick = $<HTMLSelectElement>('#scenario', section)!;
  const scenarios = scenariosIn();
  for (const s of scenarios)
    pick.append(new Option(t('practiceCall.option', { title: s.title, minutes: s.minutes }), s.id));
  const speed = $<HTMLSelectElement>('#speed', section)!;
  for (const v of SPEEDS)
    speed.append(new Option(t(v === 1 ? 'practiceCall.normalSpeed' : 'practiceCall.doubleSpeed'), String(v)));
  const summary = $('#scenario-summary', section)!;
  const status = $('#scenario-status', section)!;
  const play = $<HTMLButtonElement>('#play', section)!;
  const stop = $<HTMLButtonElement>('#stop', section)!;
  play.textContent = t('practiceCall.start');
  stop.textContent = t('practiceCall.stop');
  const chosen = () => scenarios.find((s) => s.id === pick.value) ?? scenarios[0]!;
  const describe = () => (summary.textContent = chosen().summary);
  pick.addEventListener('change', describe);
  describe();

  let timers: ReturnType<typeof setTimeout>[] = [];
  let run: PracticeRun | undefined;

  const finish = async (stopped: boolean) => {
    for (const t of timers) clearTimeout(t);
    timers = [];
    if (!run) return;
    const ended: PracticeRun = stopped ? { ...run, stoppedAt: Date.now() } : { ...run, finishedAt: Date.now() };
    run = undefined;
    play.hidden = false;
    stop.hidden = true;
    pick.disabled = speed.disabled = false;
    status.textContent = t(stopped ? 'practiceCall.stopped' : 'practiceCall.finished');
    await writePracticeRun(ended);
  };

  play.addEventListener('click', () => void start(chosen(), Number(speed.value) as Speed));
  stop.addEventListener('click', () => void finish(true));

  async function start(s: Scenario, pace: Speed): Promise<void> {
    await finish(true);
    reset(s);
    const startedAt = Date.now();
    run = {
      id: `${startedAt.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      scenarioId: s.id,
      speed: pace,
      startedAt,
      endsAt: startedAt + lengthMs(s, pace),
    };
    await writePracticeRun(run);
    play.hidden = true;
    stop.hidden = false;
    pick.disabled = speed.disabled = true;
    const byId = new Map(s.moments.map((m) => [m.id, m]));
    for (const step of schedule(s, pace))
      timers.push(setTimeout(() => show(byId.get(step.moment)!, step.action === 'start'), step.afterMs));
    const total = lengthMs(s, pace);
    const tick = () => {
      if (!run) return;
      status.textContent = t('practiceCall.playing', {
        title: s.title,
        at: clock((Date.now() - startedAt) * pace),
        total: `${s.minutes}:00`,
      });
      timers.push(setTimeout(tick, 1000));
    };
    tick();
    // The talk moves from member to member every few scenario seconds.
    const talk = () => {
      ring();
      timers.push(setTimeout(talk, 6000 / pace));
    };
    talk();
    timers.push(setTimeout(() => void finish(false), total));
  }

  followRehearsal({
    begin: () => {
      void finish(true);
      play.disabled = pick.disabled = speed.disabled = true;
    },
    end: () => (play.disabled = pick.disabled = speed.disabled = false),
    status,
  });
}

/**
 * A pair rehearsal (ext/common/rehearsal-state.ts): the panel keeps the
 * scenario clock it shares with the co-leader, and this page plays the
 * scenario at that clock, paused, resumed and sped up with it, from
 * wherever it stands (a leader who joins late sees the call as it is by
 * then). A solo run cannot start meanwhile.
 */
function followRehearsal(page: { begin(): void; end(): void; status: Element }): void {
  let current: Rehearsal | undefined;
  let shownFor = '';
  const shown = new Map<string, boolean>();
  let turnShown = -1;
  let ticking: ReturnType<typeof setInterval> | undefined;

  const tick = () => {
    const r = current;
    const s = r && scenarioById(r.scenarioId);
    if (!r || !s || r.phase === 'asked') return;
    if (shownFor !== r.id) {
      shownFor = r.id;
      shown.clear();
      turnShown = -1;
      reset(s);
    }
    const at = r.phase === 'over' ? (r.endMs ?? r.clock.atMs) : scenarioMsAt(r.clock, Date.now());
    for (const m of s.moments) {
      const started = at >= m.at * 1000;
      // A join or a leave happens once; the rest are on for as long as they last.
      const on = m.lasts === undefined ? started : started && at < (m.at + m.lasts) * 1000;
      if (on !== (shown.get(m.id) ?? false) && (m.lasts !== undefined || on)) {
        show(m, on);
        shown.set(m.id, on);
      }
    }
    // The talk moves from member to member every six scenario seconds.
    const turnNow = Math.floor(at / 6000);
    if (r.clock.playing && turnNow !== turnShown) {
      turnShown = turnNow;
      ring();
    }
    const where = { title: s.title, at: clock(at), total: `${s.minutes}:00` };
    page.status.textContent =
      r.phase === 'over'
        ? t('practiceCall.rehearsalOver', where)
        : r.clock.playing
          ? t(r.clock.speed === 2 ? 'practiceCall.rehearsingDouble' : 'practiceCall.rehearsing', where)
          : t('practiceCall.rehearsalPaused', where);
  };

  const follow = (r: Rehearsal | undefined) => {
    const was = current;
    current = r;
    const active = !!r && r.phase !== 'asked';
    if (active && !(was && was.phase !== 'asked')) page.begin();
    if (!active && was && was.phase !== 'asked') page.end();
    clearInterval(ticking);
    ticking = undefined;
    tick();
    if (r?.phase === 'on' && r.clock.playing) ticking = setInterval(tick, 200);
  };
  void readRehearsal().then((r) => current === undefined && follow(r));
  onRehearsal(follow);
}

/**
 * The call as the scenario begins: you, the co-leader and its members, no
 * one else, every tile as it was. People already on the call stay (so
 * detection records no leave and join for them).
 */
function reset(s: Scenario): void {
  const wanted = new Set(['You', 'Co-leader', ...s.members]);
  const here = new Set(call().participants());
  for (const name of here) if (!wanted.has(name)) call().leave(name);
  for (const name of wanted) if (!here.has(name)) call().join(name);
  for (const t of document.querySelectorAll('#tiles .tile')) t.classList.remove('behind', 'camera-off', 'tight');
  for (const cue of document.querySelectorAll<HTMLElement>('#tiles .signal')) cue.hidden = true;
  document.querySelector('.call')?.classList.remove('silent');
  held = undefined;
}
