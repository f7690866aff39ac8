/**
 * Chromium trace events (CDP Tracing, category devtools.timeline) attributed
 * to one script. Blink emits a `FunctionCall` event each time it calls into
 * JavaScript (a MutationObserver callback, a timer, an event listener), with
 * the called function's script URL, its wall time `dur` and the thread's CPU
 * time `tdur`, both in µs, covering whatever the function does before it
 * returns, DOM work included. Calls nested in an already counted call of the
 * same script are counted once.
 */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { url?: string } };
}

export interface ScriptCalls {
  /** Outermost calls into the script. */
  calls: number;
  /** Sum of their wall time, µs. */
  wallMicros: number;
  /** Sum of their thread CPU time, µs. */
  cpuMicros: number;
}

export function callsInto(events: readonly TraceEvent[], ours: (url: string) => boolean): ScriptCalls {
  const mine = events
    .filter((e) => e.name === 'FunctionCall' && e.ph === 'X' && ours(e.args?.data?.url ?? ''))
    .sort((a, b) => a.ts - b.ts);
  const openUntil = new Map<string, number>();
  const out: ScriptCalls = { calls: 0, wallMicros: 0, cpuMicros: 0 };
  for (const e of mine) {
    const thread = `${e.pid}:${e.tid}`;
    const end = e.ts + (e.dur ?? 0);
    if ((openUntil.get(thread) ?? -Infinity) >= end) continue;
    openUntil.set(thread, end);
    out.calls++;
    out.wallMicros += e.dur ?? 0;
    out.cpuMicros += e.tdur ?? e.dur ?? 0;
  }
  return out;
}
