// The practice call's behaviour. It mutates the page the way a Meet call does,
// so Squircle's content script sees members join and leave and presenting start
// and stop. window.fixture is the same test API the platform fixtures expose.
(() => {
  const $ = (s, r = document) => r.querySelector(s);
  const tiles = $('#tiles');
  const people = $('#people');
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let joined = 0;
  let presenting = false;
  let ended = false;

  // A slow gradient instead of a camera: calm, and a live <video> like a real call.
  function liveVideo(video, hue) {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 36;
    const g = c.getContext('2d');
    let t = 0;
    setInterval(() => {
      const grad = g.createLinearGradient(0, 0, 64, 36);
      grad.addColorStop(0, `hsl(${(hue + t) % 360} 25% 55%)`);
      grad.addColorStop(1, `hsl(${(hue + t + 40) % 360} 25% 40%)`);
      g.fillStyle = grad;
      g.fillRect(0, 0, 64, 36);
      t += 0.5;
    }, 200);
    video.srcObject = c.captureStream(5);
    video.play().catch(() => {});
  }
  liveVideo($('video', tiles), 160);

  function tileFor(nameOrId) {
    return [...tiles.querySelectorAll('[data-participant-id]')].find(
      (t) => t.dataset.participantId === nameOrId || $('.name', t).textContent === nameOrId,
    );
  }

  function join(name) {
    const taken = new Set(window.fixture.participants());
    const alias = name ?? [...letters].map((l) => `Member ${l}`).find((a) => !taken.has(a)) ?? `Member ${joined + 1}`;
    const id = `practice/devices/${++joined}`;
    const tile = document.createElement('div');
    tile.className = 'tile';
    tile.dataset.participantId = id;
    tile.dataset.requestedParticipantId = id;
    tile.innerHTML = '<video autoplay muted playsinline></video><span class="name"></span>';
    $('.name', tile).textContent = alias;
    liveVideo($('video', tile), (joined * 67) % 360);
    tiles.append(tile);
    const item = document.createElement('div');
    item.setAttribute('role', 'listitem');
    item.setAttribute('aria-label', `Participant: ${alias}`);
    item.dataset.participantId = id;
    item.textContent = alias;
    people.append(item);
    return id;
  }

  function leave(nameOrId) {
    const tile = nameOrId
      ? tileFor(nameOrId)
      : [...tiles.querySelectorAll('[data-participant-id]')]
          .reverse()
          .find((t) => !t.dataset.selfName && !t.classList.contains('presentation'));
    if (!tile || tile.dataset.selfName) {
      if (nameOrId) throw new Error(`No member ${nameOrId}`);
      return;
    }
    people.querySelector(`[data-participant-id="${tile.dataset.participantId}"]`)?.remove();
    tile.remove();
  }

  function setPresenting(on) {
    presenting = on;
    const b = $('#present');
    b.setAttribute('aria-pressed', String(on));
    b.setAttribute('aria-label', on ? 'Stop presenting' : 'Present now');
    $('.google-symbols', b).textContent = on ? 'cancel_presentation' : 'present_to_all';
    // The practice page in another language puts the shown names in data-start-label and data-stop-label.
    $('.label', b).textContent = on
      ? (b.dataset.stopLabel ?? 'Stop presenting')
      : (b.dataset.startLabel ?? 'Start presenting');
    $('#presenting').hidden = !on;
    const existing = tileFor('practice/devices/you/presentation');
    if (on && !existing) {
      const t = document.createElement('div');
      t.className = 'tile presentation';
      t.dataset.participantId = 'practice/devices/you/presentation';
      t.innerHTML = '<video autoplay muted playsinline></video><span class="name">You (Presentation)</span>';
      liveVideo($('video', t), 30);
      tiles.prepend(t);
    } else if (!on && existing) existing.remove();
  }

  function endCall() {
    setPresenting(false);
    ended = true;
    $('.call').hidden = true;
    // Like Meet, the call markup goes away when the call ends.
    tiles.replaceChildren();
    people.replaceChildren();
    $('#end').remove();
    $('#ended').hidden = false;
  }

  window.fixture = {
    ready: true,
    get presenting() {
      return presenting;
    },
    get ended() {
      return ended;
    },
    join,
    leave,
    startPresenting: () => setPresenting(true),
    stopPresenting: () => setPresenting(false),
    endCall,
    participants: () =>
      [...tiles.querySelectorAll('[data-participant-id]')]
        .filter((t) => !t.classList.contains('presentation'))
        .map((t) => $('.name', t).textContent),
  };

  $('#join').addEventListener('click', () => join());
  $('#leave').addEventListener('click', () => leave());
  $('#present').addEventListener('click', () => setPresenting(!presenting));
  $('#end').addEventListener('click', endCall);
  $('#rejoin').addEventListener('click', () => location.reload());
  join('Co-leader');
  join('Member A');
  join('Member B');
})();
