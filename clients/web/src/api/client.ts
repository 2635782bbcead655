import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { InterviewService } from "../gen/rehearse/interview/v1/interview_pb.js";
import { apiKey } from "./identity.js";

export type InterviewClient = Client<typeof InterviewService>;

/**
 * The header that marks a call as the page's own. When the server requires sign-in it accepts the sign-in cookie
 * only on calls that carry it (another site's page cannot add a header to a request without the server's consent).
 */
export const PAGE_HEADER = "x-rehearse-client";

/** Marks every call as the page's and sends this browser's API key (none when the sign-in cookie identifies it). */
function identify(key: () => string | undefined): Interceptor {
  return (next) => async (request) => {
    request.header.set(PAGE_HEADER, "web");
    const value = key();
    if (value) {
      request.header.set("x-api-key", value);
    }
    return next(request);
  };
}

function createInterviewClient(key: () => string | undefined): InterviewClient {
  return createClient(
    InterviewService,
    createGrpcWebTransport({
      baseUrl: location.origin,
      useBinaryFormat: true,
      interceptors: [identify(key)],
    }),
  );
}

let client: InterviewClient | undefined;

/** The Interview service on the page's own origin, over gRPC-Web, as this browser's user. */
export function interviewClient(): InterviewClient {
  client ??= createInterviewClient(apiKey);
  return client;
}

/** The Interview service as the user of another key, to check a key before the page switches to it. */
export function interviewClientFor(key: string): InterviewClient {
  return createInterviewClient(() => key);
}

/** Codes that say the call may succeed if simply tried again. */
const TRANSIENT = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.Unknown, Code.Aborted, Code.Internal]);

export function isTransient(error: unknown): boolean {
  const connectError = ConnectError.from(error);
  return TRANSIENT.has(connectError.code) && connectError.code !== Code.Canceled;
}

/** The call never reached the server (the network is down, or the server is not running). */
export function isUnreachable(error: unknown): boolean {
  const connectError = ConnectError.from(error);
  return (connectError.code === Code.Unavailable || connectError.code === Code.Unknown) && /fetch|network|load failed/i.test(connectError.rawMessage);
}

/** A sentence for people: the server's status message, never a stack trace. */
export function describeError(error: unknown): string {
  const connectError = ConnectError.from(error);
  if (isUnreachable(connectError)) {
    return connectError.code === Code.Unavailable
      ? "The Rehearse server cannot be reached. Check that it is running, then try again."
      : "The Rehearse server cannot be reached. Check your connection, then try again.";
  }
  const message = connectError.rawMessage.trim();
  return message.length > 0 ? message : "Something went wrong on the server.";
}

export { Code, ConnectError };
