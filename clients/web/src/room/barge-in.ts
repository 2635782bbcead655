/**
 * Microphone level (RMS, about -30 dBFS) that counts as the candidate speaking over the interviewer, and for how
 * many level reports in a row (they come every ~50 ms): about 150 ms of speech, so the page stops the playback
 * before the server's own voice detection comes back (about 250 ms after the voice begins, even on one machine).
 */
export const BARGE_IN_RMS = 0.03;
export const BARGE_IN_REPORTS = 3;

/**
 * Hears the candidate speaking over the interviewer (barge-in) from the microphone's level reports: enough loud
 * reports in a row while the interviewer's speech is playing. Plain logic; the page stops the playback and tells
 * the server when it fires.
 */
export class BargeInDetector {
  private loudReports = 0;

  /**
   * Takes one level report. Returns true when it completes a barge-in; counting starts again after one, and
   * whenever the interviewer is silent or the level drops.
   */
  hear(rms: number, interviewerPlaying: boolean): boolean {
    this.loudReports = interviewerPlaying && rms >= BARGE_IN_RMS ? this.loudReports + 1 : 0;
    if (this.loudReports < BARGE_IN_REPORTS) {
      return false;
    }
    this.loudReports = 0;
    return true;
  }
}
