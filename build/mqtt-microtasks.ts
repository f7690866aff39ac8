import type { Plugin } from 'vite';

/**
 * Exact patches to MQTT.js's browser bundle (mqtt/dist/mqtt.esm.js).
 *
 * 1. Its `process` shims (browserify's, and two copies of jspm-core's) run
 *    nextTick after a setTimeout(0).
 *    The bundled Node streams call nextTick several times per packet in and
 *    out, and a page busy rendering runs those timers late, so every packet
 *    waits for the page's rendering (Node has no such wait). Node runs
 *    nextTick callbacks as soon as the current job ends; a microtask is the
 *    browser's nearest equivalent, so the shim's drain is scheduled as one.
 *    Its clean-up timer, scheduled the same way, finds the queue drained and
 *    does nothing. The jspm-core copies are the ones the streams that write
 *    the socket use: with only browserify's patched, the socket write would
 *    still come a task after publish(), after the page has drawn its own new
 *    row (BENCHMARKS.md, co-leader channel).
 *
 * 2. Its WebSocket stream sends whatever it is given, also on a socket that
 *    is already closing (the broker went away, a page took the client id
 *    over): the browser drops the bytes and logs "WebSocket is already in
 *    CLOSING or CLOSED state". Patched, that write fails, as a failed send
 *    does, so MQTT.js ends the connection and reconnects, and the envelope
 *    stays in the outbox for the next one.
 *
 * Each match is exact for the pinned mqtt version: a new version that
 * changes either fails the build here rather than quietly going slow.
 */
export const MQTT_PATCHES: readonly { what: string; from: string; to: string }[] = [
  {
    what: 'the process shim',
    from: 'function Hc(t){if(dt===setTimeout)return setTimeout(t,0);',
    to: 'function Hc(t){return queueMicrotask(t);',
  },
  {
    what: "a second copy of the process shim (the bundle's streams use it)",
    from: 'At.push(new sl(t,e)),At.length===1&&!Br&&setTimeout(il,0)',
    to: 'At.push(new sl(t,e)),At.length===1&&!Br&&queueMicrotask(il)',
  },
  {
    what: 'a third copy of the process shim',
    from: 'Dt.push(new $g(t,e)),Dt.length===1&&!an&&setTimeout(jg,0)',
    to: 'Dt.push(new $g(t,e)),Dt.length===1&&!an&&queueMicrotask(jg)',
  },
  {
    what: 'the WebSocket write',
    from: 'try{u.send(m)}catch(A){return R(A)}R()',
    to:
      'if(u.readyState!==u.OPEN)return R(new Error("The WebSocket is not open."));' +
      'try{u.send(m)}catch(A){return R(A)}R()',
  },
];

export function mqttMicrotasks(): Plugin {
  return {
    name: 'squircle-mqtt-microtasks',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]mqtt[\\/]dist[\\/]mqtt\.esm\.js$/.test(id.split('?')[0]!)) return null;
      let out = code;
      for (const p of MQTT_PATCHES) {
        const at = out.indexOf(p.from);
        if (at < 0 || out.indexOf(p.from, at + 1) >= 0) {
          throw new Error(
            `mqtt-microtasks: ${p.what} in mqtt.esm.js is not the one this patch knows; ` +
              `review build/mqtt-microtasks.ts for this mqtt version.`,
          );
        }
        out = out.replace(p.from, p.to);
      }
      return { code: out, map: null };
    },
  };
}
