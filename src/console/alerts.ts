// Tells the agent something new happened while they look elsewhere: the tab's title counts
// what waits for them, a short tone (on unless the agent turned it off) and, when switched
// on, a desktop notification.
const BASE_TITLE = "kefu";
const SOUND = "kefu.sound";
const DESKTOP = "kefu.desktop";

let audio: AudioContext | null = null;

/** Sound is on by default: only an agent's own "off" silences it. */
export const soundOn = () => localStorage.getItem(SOUND) !== "0";

export function tone(): void {
  audio ??= new AudioContext();
  // Before the page's first click or key the browser keeps it suspended (autoplay rules);
  // unlockSound() resumes it at that first gesture.
  if (audio.state === "suspended") return;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.frequency.value = 880;
  gain.gain.setValueAtTime(0.15, audio.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.3);
  osc.connect(gain).connect(audio.destination);
  osc.start();
  osc.stop(audio.currentTime + 0.3);
}

const canNotify = () => "Notification" in window;

export function bindAlertSwitches(sound: HTMLInputElement, desktop: HTMLInputElement): void {
  sound.checked = soundOn();
  if (!canNotify()) (desktop.parentElement ?? desktop).hidden = true;
  desktop.checked =
    canNotify() && localStorage.getItem(DESKTOP) === "1" && Notification.permission === "granted";
  sound.addEventListener("change", () => {
    localStorage.setItem(SOUND, sound.checked ? "1" : "0");
    if (sound.checked) tone();
  });
  desktop.addEventListener("change", async () => {
    if (desktop.checked && Notification.permission !== "granted") {
      desktop.checked = (await Notification.requestPermission()) === "granted";
    }
    localStorage.setItem(DESKTOP, desktop.checked ? "1" : "0");
  });
}

/** Lets sound play from the page's first click or key on (the browser's rule for sound). */
export function unlockSound(): void {
  const unlock = () => {
    audio ??= new AudioContext();
    void audio.resume();
  };
  document.addEventListener("pointerdown", unlock, { once: true, capture: true });
  document.addEventListener("keydown", unlock, { once: true, capture: true });
}

/** The tab title: "(3) kefu" while three things wait for the agent. */
export function setPending(count: number): void {
  document.title = count > 0 ? `(${count}) ${BASE_TITLE}` : BASE_TITLE;
}

export function announce(text: string): void {
  if (soundOn()) tone();
  if (
    document.hidden &&
    localStorage.getItem(DESKTOP) === "1" &&
    canNotify() &&
    Notification.permission === "granted"
  ) {
    new Notification(BASE_TITLE, { body: text, tag: "kefu" });
  }
}
