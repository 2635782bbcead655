// Support for the browser end-to-end tests: the service under test, the answer recording, a browser with a
// fake microphone, and screenshots.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { chromium, type Browser, type Page } from "playwright-core";
import { InterviewService, type SessionEvent } from "../../../src/gen/rehearse/interview/v1/interview_pb.js";
import { durationSeconds, padWithSilence, readWav, repeatWithPauses, writeWav } from "./wav.js";

export { wordErrorRate, normalizeWords } from "./words.js";
export * from "./room.js";
export { NetworkCut } from "./network.js";
export { ControlAction, Difficulty, InterviewType } from "../../../src/gen/rehearse/interview/v1/interview_pb.js";

const clientDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Where screenshots and the capture file go: artifacts/test-results/web of the repository. */
export const artifactsDirectory = resolve(clientDirectory, "../../artifacts/test-results/web");
/** Screenshots shown in the README. */
export const docsScreenshotsDirectory = resolve(clientDirectory, "docs/screenshots");
const chromiumPath = process.env.REHEARSE_CHROMIUM ?? "/usr/bin/chromium";

/** The running Interview service's page, from REHEARSE_WEB_URL; fails clearly when it is not set. */
export function serviceUrl(): string {
  const url = process.env.REHEARSE_WEB_URL;
  if (!url) {
    throw new Error(
      "REHEARSE_WEB_URL is not set. The browser tests need a running Interview service (with the Speech service and " +
        "PostgreSQL): run them through scripts/test, or start the services and set REHEARSE_WEB_URL=http://127.0.0.1:8080.",
    );
  }
  return url.replace(/\/$/, "");
}

export type InterviewClient = Client<typeof InterviewService>;

/** A gRPC-Web client of the service, as the given user (API key). */
export function serviceClient(baseUrl: string, apiKey: string): InterviewClient {
  return createClient(
    InterviewService,
    createGrpcWebTransport({
      baseUrl,
      useBinaryFormat: true,
      interceptors: [(next) => (request) => {
        request.header.set("x-api-key", apiKey);
        return next(request);
      }],
    }),
  );
}

/** A fresh user: 32 URL-safe characters, like the page makes. */
export function newApiKey(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => alphabet[b & 63]).join("");
}

export interface AnswerRecording {
  /** The file the fake microphone plays (padded with silence). */
  readonly captureFile: string;
  /** What the recording says. */
  readonly text: string;
  /** Length of the capture file. */
  readonly seconds: number;
  /** Length of one saying of the answer (the capture file starts with 1 s of silence). */
  readonly spokenSeconds: number;
  /** Where it came from, for messages. */
  readonly source: string;
}

/** A thinking pause inside an answer: longer than a pause between words, shorter than the end-of-answer silence. */
const PAUSE_SECONDS = 1.5;

/**
 * The spoken answer: REHEARSE_ANSWER_WAV (a 16-bit PCM WAV, ideally 16 kHz mono) with its words in
 * REHEARSE_ANSWER_TEXT or in a .txt file next to it; otherwise the service's own voice preview (PreviewVoice),
 * whose response says what it speaks. Either way the audio gets 1 s of silence before (capture start-up) and
 * 4 s after (so the end-of-answer silence ends the answer). With times, the recording is said that many times
 * over with a 1.5 s pause between.
 */
export async function answerRecording(client: InterviewClient, options: { times?: number } = {}): Promise<AnswerRecording> {
  const times = options.times ?? 1;
  let wav: Uint8Array;
  let text: string;
  let source: string;
  const file = process.env.REHEARSE_ANSWER_WAV;
  if (file) {
    wav = readFileSync(file);
    const sidecar = file.replace(/\.wav$/i, ".txt");
    const fromEnvironment = process.env.REHEARSE_ANSWER_TEXT;
    if (fromEnvironment) {
      text = fromEnvironment;
    } else if (existsSync(sidecar)) {
      text = readFileSync(sidecar, "utf8").trim();
    } else {
      throw new Error(`REHEARSE_ANSWER_WAV is set to ${file}, but what it says is not: set REHEARSE_ANSWER_TEXT or write ${sidecar}`);
    }
    source = file;
  } else {
    const preview = await client.previewVoice({ voice: "" });
    if (preview.wav.length === 0 || !preview.text) {
      throw new Error("PreviewVoice returned no audio or no text, so there is no answer recording to speak");
    }
    wav = preview.wav;
    text = preview.text;
    source = "the service's voice preview";
  }
  const spoken = readWav(wav);
  const padded = padWithSilence(repeatWithPauses(spoken, times, PAUSE_SECONDS), 1, 4);
  mkdirSync(artifactsDirectory, { recursive: true });
  const captureFile = resolve(artifactsDirectory, times === 1 ? "answer-capture.wav" : `answer-capture-${times}.wav`);
  writeFileSync(captureFile, writeWav(padded));
  return { captureFile, text: Array(times).fill(text).join(" "), seconds: durationSeconds(padded), spokenSeconds: durationSeconds(spoken), source };
}

/** Headless Debian Chromium with a fake microphone playing captureFile once, or with the microphone denied. */
export async function launchBrowser(microphone: { captureFile: string } | "denied"): Promise<Browser> {
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
  ];
  if (microphone === "denied") {
    args.push("--use-fake-ui-for-media-stream=deny");
  } else {
    args.push("--use-fake-ui-for-media-stream", `--use-file-for-fake-audio-capture=${microphone.captureFile}%noloop`);
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath} (apt-get install chromium, or set REHEARSE_CHROMIUM)`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}

/**
 * Opens the page as the given user. `errors` collects every uncaught page error and every Content-Security-Policy
 * violation (Chromium reports those only on the console), for the test to assert empty; the page must be served
 * with a Content-Security-Policy, or the violations it would have had go unnoticed. With touch, the page is on a
 * touch screen (a phone).
 */
export async function openPage(
  browser: Browser,
  url: string,
  apiKey: string,
  options: { width?: number; height?: number; colorScheme?: "light" | "dark"; touch?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? "light",
    hasTouch: options.touch ?? false,
    acceptDownloads: true,
  });
  await context.addInitScript((key) => localStorage.setItem("rehearse.apiKey", key), apiKey);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) {
      errors.push(`CSP violation: ${message.text()}`);
    }
  });
  const response = await page.goto(url);
  if (!response?.headers()["content-security-policy"]) {
    throw new Error(`${url} was served without a Content-Security-Policy header`);
  }
  return { page, errors };
}

/** Saves a screenshot to the test artefacts, and to docs/screenshots when asked (REHEARSE_UPDATE_SCREENSHOTS=1). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; docs?: boolean } = {}): Promise<void> {
  mkdirSync(artifactsDirectory, { recursive: true });
  const bytes = await page.screenshot({ path: resolve(artifactsDirectory, `${name}.png`), fullPage: options.fullPage ?? false });
  if (process.env.REHEARSE_UPDATE_SCREENSHOTS === "1" && options.docs !== false) {
    mkdirSync(docsScreenshotsDirectory, { recursive: true });
    writeFileSync(resolve(docsScreenshotsDirectory, `${name}.png`), bytes);
  }
}

/** The session id of the room or report the page shows (#/session/<id>, #/report/<id>). */
export function sessionIdOf(page: Page): string {
  return decodeURIComponent(new URL(page.url()).hash.split("/")[2] ?? "");
}

/**
 * Reads a session's stored events from the start (StreamEvents) until one satisfies found, and returns it; or
 * undefined when none has within timeoutMs.
 */
export async function findEvent(client: InterviewClient, sessionId: string, found: (event: SessionEvent) => boolean, timeoutMs: number): Promise<SessionEvent | undefined> {
  try {
    for await (const { event } of client.streamEvents({ sessionId, afterSequence: 0n }, { signal: AbortSignal.timeout(timeoutMs) })) {
      if (event && found(event)) {
        return event;
      }
    }
  } catch (error) {
    if (ConnectError.from(error).code !== Code.DeadlineExceeded && ConnectError.from(error).code !== Code.Canceled) {
      throw error;
    }
  }
  return undefined;
}
