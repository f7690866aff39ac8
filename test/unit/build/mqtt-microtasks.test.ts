// The build patch that runs MQTT.js's bundled process.nextTick as a
// microtask: it applies to the pinned mqtt bundle, the patched bundle still
// drains nextTick callbacks in order, and an unknown bundle fails the build.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MQTT_PATCHES, mqttMicrotasks } from '../../../build/mqtt-microtasks';

const bundlePath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../node_modules/mqtt/dist/mqtt.esm.js',
);
const bundle = readFileSync(bundlePath, 'utf8');
type Transform = (code: string, id: string) => { code: string } | null;
const transform = mqttMicrotasks().transform as unknown as Transform;

describe('mqttMicrotasks', () => {
  it('patches the pinned mqtt browser bundle once and leaves other files alone', () => {
    const out = transform(bundle, bundlePath);
    expect(out).not.toBeNull();
    expect(out!.code).not.toContain('function Hc(t){if(dt===setTimeout)return setTimeout(t,0);');
    expect(out!.code.split('function Hc(t){return queueMicrotask(t);').length).toBe(2);
    expect(transform('export const x = 1;', '/src/other.js')).toBeNull();
  });

  it('fails the build on an mqtt bundle whose shim or WebSocket write it does not know', () => {
    for (const p of MQTT_PATCHES)
      expect(() => transform(bundle.replace(p.from, `${p.from} `.slice(1)), bundlePath)).toThrow(
        /not the one this patch knows/,
      );
    expect(() =>
      transform(bundle.replace('function Hc(t){if(dt===setTimeout)', 'function Hc(t){if(dt!==setTimeout)'), bundlePath),
    ).toThrow(/process shim/);
    expect(() => transform(bundle.replace('try{u.send(m)}', 'try{u.send(m);}'), bundlePath)).toThrow(/WebSocket write/);
  });

  it('the patched WebSocket write refuses a socket that is not open, and sends on an open one', () => {
    const code = transform(bundle, bundlePath)!.code;
    const start = code.indexOf('function S(m,w,R){');
    const end = code.indexOf('function b(m){u.close(),m()}', start);
    expect(start).toBeGreaterThan(0);
    const sent: unknown[] = [];
    const write = (readyState: number) => {
      const u = { OPEN: 1, readyState, bufferedAmount: 0, send: (m: unknown) => sent.push(m) };
      const S = new Function('u', 'i', 'o', '_o', `${code.slice(start, end)}return S;`)(u, 1 << 20, false, {}) as (
        m: unknown,
        w: string,
        R: (e?: Error) => void,
      ) => void;
      let result: Error | undefined | 'pending' = 'pending';
      S('packet', 'buffer', (e) => (result = e));
      return result;
    };
    expect(write(2)).toBeInstanceOf(Error);
    expect(sent).toEqual([]);
    expect(write(1)).toBeUndefined();
    expect(sent).toEqual(['packet']);
  });

  it('the patched shim runs nextTick callbacks in order, before any timer', async () => {
    const code = transform(bundle, bundlePath)!.code;
    // The shim's source from the patched bundle: its module factory, run on its own.
    const start = code.indexOf('var Te=Qc.exports={}');
    const end = code.indexOf('Te.umask=function(){return 0}', start);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const shim = new Function('Qc', `${code.slice(start, end)}Te.umask=function(){return 0};return Te;`)({
      exports: {},
    }) as { nextTick(f: (...a: unknown[]) => void, ...a: unknown[]): void };
    const seen: string[] = [];
    setTimeout(() => seen.push('timer'), 0);
    shim.nextTick(() => seen.push('first'));
    shim.nextTick((x) => seen.push(String(x)), 'second');
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toEqual(['first', 'second']);
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual(['first', 'second', 'timer']);
  });

  it('the two jspm-core process shims the streams use run nextTick callbacks in order, before any timer', async () => {
    const code = transform(bundle, bundlePath)!.code;
    const copies = [
      {
        from: 'function Ry(){',
        to: 'function De(){}',
        vars: 'var At=[],Br=!1,lr=null,di=-1;',
        item: 'sl',
        nextTick: 'ol',
      },
      {
        from: 'function GE(){',
        to: 'function $e(){}',
        vars: 'var Dt=[],an=!1,Pr=null,bo=-1;',
        item: '$g',
        nextTick: 'QE',
      },
    ];
    for (const c of copies) {
      const start = code.indexOf(c.from);
      const end = code.indexOf(c.to, start);
      expect(start).toBeGreaterThan(0);
      expect(end).toBeGreaterThan(start);
      expect(code.slice(start, end)).toContain('queueMicrotask(');
      const nextTick = new Function(
        `${c.vars}${code.slice(start, end)}` +
          `${c.item}.prototype.run=function(){this.fun.apply(null,this.array)};return ${c.nextTick};`,
      )() as (f: (...a: unknown[]) => void, ...a: unknown[]) => void;
      const seen: string[] = [];
      setTimeout(() => seen.push('timer'), 0);
      nextTick(() => seen.push('first'));
      nextTick((x) => seen.push(String(x)), 'second');
      await Promise.resolve();
      await Promise.resolve();
      expect(seen).toEqual(['first', 'second']);
      await new Promise((r) => setTimeout(r, 5));
      expect(seen).toEqual(['first', 'second', 'timer']);
    }
  });
});
