// Tells the agent something new happened while they look elsewhere: the tab's title counts
// what waits for them, and, when switched on, a short tone and a desktop notification.
const BASE_TITLE = "kefu";
const SOUND = "kefu.sound";
const DESKTOP = "kefu.desktop";

let audio: AudioContext | null = null;

function tone(): void {
  audio ??= new AudioContext();
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
  sound.checked = localStorage.getItem(SOUND) === "1";
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

/** The tab title: "(3) kefu" while three things wait for the agent. */
export function setPending(count: number): void {
  document.title = count > 0 ? `(${count}) ${BASE_TITLE}` : BASE_TITLE;
}

export function announce(text: string): void {
  if (localStorage.getItem(SOUND) === "1") tone();
  if (
    document.hidden &&
    localStorage.getItem(DESKTOP) === "1" &&
    canNotify() &&
    Notification.permission === "granted"
  ) {
    new Notification(BASE_TITLE, { body: text, tag: "kefu" });
  }
}
