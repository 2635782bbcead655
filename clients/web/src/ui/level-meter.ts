import { h } from "./dom.js";

/** A microphone level bar on a -60..0 dBFS scale (speech sits around the middle). */
export class LevelMeter {
  readonly element: HTMLElement;
  private readonly fill: HTMLElement;
  private lastAnnounced = -1;

  constructor(label: string) {
    this.fill = h("span", { class: "level-fill" });
    this.element = h(
      "div",
      { class: "level-meter", role: "meter", "aria-label": label, "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": 0 },
      this.fill,
    );
  }

  set(rms: number): void {
    const db = rms > 0 ? 20 * Math.log10(rms) : -100;
    const level = Math.max(0, Math.min(1, (db + 60) / 60));
    this.fill.style.transform = `scaleX(${level.toFixed(3)})`;
    const percent = Math.round(level * 100);
    // Screen readers do not need every 50 ms update; round to tens.
    const rounded = Math.round(percent / 10) * 10;
    if (rounded !== this.lastAnnounced) {
      this.lastAnnounced = rounded;
      this.element.setAttribute("aria-valuenow", String(rounded));
    }
    this.element.dataset.level = String(percent);
  }
}
