/** Name under which the capture worklet registers its processor. */
export const CAPTURE_PROCESSOR = "rehearse-capture";

/** Messages the capture worklet posts to the page. */
export type CaptureMessage =
  /** A 16 kHz 16-bit mono chunk (100 ms, or shorter when flushed). */
  | { readonly type: "chunk"; readonly samples: Int16Array }
  /** Level over the last ~50 ms, 0..1. */
  | { readonly type: "level"; readonly rms: number; readonly peak: number }
  /** Everything captured before a flush request has been posted. */
  | { readonly type: "flushed" };

/** Messages the page posts to the capture worklet. */
export type CaptureCommand = { readonly type: "flush" };
