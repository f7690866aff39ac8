import type { Plugin } from 'vite';

/**
 * MQTT.js's browser bundle carries the `process` shim of browserify, whose
 * nextTick waits for a setTimeout(0). The bundled Node streams call
 * nextTick several times per packet in and out, and a page busy rendering
 * runs those timers late: in the co-leader bench a marker spent about
 * 8 ms between A's publish and B's 'message', against under 1 ms in Node.
 * Node runs nextTick callbacks as soon as the current job ends; a microtask
 * is the browser's nearest equivalent, so the shim's drain is scheduled as
 * one. Its clean-up timer, scheduled the same way, finds the queue drained
 * and does nothing.
 *
 * The match is exact for the pinned mqtt version: a new version that
 * changes the shim fails the build here rather than quietly going slow.
 */
const SHIM = 'function Hc(t){if(dt===setTimeout)return setTimeout(t,0);';
const PATCHED = 'function Hc(t){return queueMicrotask(t);';

export function mqttMicrotasks(): Plugin {
  return {
    name: 'squircle-mqtt-microtasks',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]mqtt[\\/]dist[\\/]mqtt\.esm\.js$/.test(id.split('?')[0]!)) return null;
      const at = code.indexOf(SHIM);
      if (at < 0 || code.indexOf(SHIM, at + 1) >= 0) {
        throw new Error('mqtt-microtasks: the process shim in mqtt.esm.js is not the one this patch knows; review build/mqtt-microtasks.ts for this mqtt version.');
      }
      return { code: code.replace(SHIM, PATCHED), map: null };
    },
  };
}
