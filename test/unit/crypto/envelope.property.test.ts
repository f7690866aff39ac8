// Envelopes come from the broker: on any bytes openEnvelope returns or throws EnvelopeError, nothing else.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { EnvelopeError, openEnvelope, sealEnvelope } from '../../../crypto';
import { FUZZ_RUNS, channel, expectOpens, hostile, outcome } from './channel-fixtures';

describe('openEnvelope on hostile bytes', () => {
  it('opens only untouched envelopes and throws only EnvelopeError otherwise', () => {
    const ch = channel(2);
    // 1 KiB class: a uniformly placed mutation rarely lands in the signature, the one slow check.
    const valid = [0, 1].map((counter) =>
      sealEnvelope({
        channelId: ch.channelId,
        sender: ch.ids[counter]!,
        epoch: 0,
        counter,
        epochKey: ch.keys.get(0)!,
        payload: new Uint8Array(600).fill(counter),
      }),
    );
    const open = (b: Uint8Array) =>
      outcome(
        EnvelopeError,
        (e) => e.reason,
        () => openEnvelope(b, ch.open),
      );

    // Header prefixes up to the sender (33) and the epoch (37) reach the key lookup and the box.
    const input = fc.oneof(hostile(valid[0]!, 33), hostile(valid[1]!, 37));
    fc.assert(
      fc.property(input, ({ bytes, untouched }) => expectOpens(open(bytes), untouched)),
      { numRuns: FUZZ_RUNS },
    );
  });
});
