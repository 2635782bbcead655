/**
 * Microphone level (RMS, about -30 dBFS) that counts as the candidate's voice over the interviewer, and for how
 * many level reports in a row (they come every ~50 ms): about 150 ms of it, so the page turns the interviewer down
 * before the server's own voice detection comes back (about 250 ms after the voice begins, even on one machine).
 */
export const BARGE_IN_RMS = 0.03;
export const BARGE_IN_REPORTS = 3;
/**
 * The longest voice over the interviewer that may still be a backchannel ("mm-hm", "yeah"), as the Speech
 * service's turn detection counts it (its default max_backchannel): one that goes on longer is an interruption.
 */
export const MAX_BACKCHANNEL_MS = 700;
/** Quiet that ends the voice; shorter gaps (between syllables, "mm — hm") are part of it. */
export const VOICE_END_QUIET_MS = 250;
/** The interviewer's volume while a voice over it is being settled. */
export const DUCKED_VOLUME = 0.3;

/**
 * What the page does with the interviewer's playback: turn it down (a voice began over it), back up (the voice
 * stopped short: a backchannel), or stop it and tell the server (the voice outlasted a backchannel).
 */
export type BargeInAction = "duck" | "restore" | "stop";

/**
 * Hears the candidate speaking over the interviewer from the microphone's level reports, following the server's
 * rule: a backchannel never stops the interviewer, an interruption does. A voice (enough loud reports in a row
 * while the interviewer plays) turns the interviewer down at once; when it stops within MAX_BACKCHANNEL_MS it
 * comes back up, and when it is still going after that the page stops it. The server usually stops it first
 * (InterviewerInterrupted, on the words it hears); the page's stop is the fallback. Plain logic: times come in
 * with the reports.
 */
export class BargeInDetector {
  private loudReports = 0;
  /** When the voice's first loud report came. */
  private voiceSince: number | undefined;
  /** When the voice went quiet, while ducked; undefined while it is loud. */
  private quietSince: number | undefined;
  private ducked = false;

  /**
   * Takes one level report heard at `now` (ms). Returns what to do with the playback, or undefined for nothing.
   * Everything starts again after a restore or a stop, and whenever the interviewer is silent.
   */
  hear(rms: number, interviewerPlaying: boolean, now: number): BargeInAction | undefined {
    if (!interviewerPlaying) {
      this.reset();
      return undefined;
    }
    const loud = rms >= BARGE_IN_RMS;
    if (!this.ducked) {
      this.loudReports = loud ? this.loudReports + 1 : 0;
      this.voiceSince = loud ? (this.voiceSince ?? now) : undefined;
      if (this.loudReports < BARGE_IN_REPORTS) {
        return undefined;
      }
      this.ducked = true;
      return "duck";
    }
    if (loud) {
      this.quietSince = undefined;
      if (now - this.voiceSince! > MAX_BACKCHANNEL_MS) {
        this.reset();
        return "stop";
      }
      return undefined;
    }
    this.quietSince ??= now;
    if (now - this.quietSince >= VOICE_END_QUIET_MS) {
      this.reset();
      return "restore";
    }
    return undefined;
  }

  private reset(): void {
    this.loudReports = 0;
    this.voiceSince = undefined;
    this.quietSince = undefined;
    this.ducked = false;
  }
}
