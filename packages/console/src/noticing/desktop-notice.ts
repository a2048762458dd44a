import type { Notice } from './notice-rules.js';

/** A desktop notification, when the browser allows them (the profile page asks, never this). */
export function showDesktop(notice: Notice, open: (conversationId: string) => void): boolean {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  try {
    const n = new Notification(notice.title, { body: notice.body, tag: notice.tag });
    n.onclick = () => {
      window.focus();
      open(notice.conversationId);
      n.close();
    };
    return true;
  } catch {
    // Some browsers allow notifications only from a service worker: the in-page toast still shows.
    return false;
  }
}

let audio: AudioContext | undefined;

/** A short, soft two-note chime made on the spot (no sound file to download). */
export function playChime(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.3);
    }
  } catch {
    // No audio (autoplay policy before any click, or no device): the notice itself still shows.
  }
}
