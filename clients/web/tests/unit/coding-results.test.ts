import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { RunCodeResponseSchema, RunStatus, Verdict } from "../../src/gen/rehearse/coding/v1/coding_pb.js";
import { appendOutput, describeRunFailure, summarizeRun } from "../../src/room/coding/results.js";

const visible = (index: number, passed: boolean) => ({ index, passed, inputJson: "[[2,7],9]", expectedJson: "[0,1]", actualJson: passed ? "[0,1]" : "[1,0]" });
const hidden = (index: number, passed: boolean) => ({ index, hidden: true, passed });

describe("summarizeRun", () => {
  it("says all examples passed, and shows the visible tests", () => {
    const response = create(RunCodeResponseSchema, { status: RunStatus.COMPLETED, verdict: Verdict.ACCEPTED, passedCount: 2, testCount: 2, testResults: [visible(0, true), visible(1, true)], wallTime: { seconds: 0n, nanos: 250_000_000 } });

    const summary = summarizeRun(response, "examples");

    assert.equal(summary.tone, "passed");
    assert.equal(summary.headline, "All 2 examples passed");
    assert.equal(summary.visible.length, 2);
    assert.equal(summary.seconds, 0.25);
  });

  it("counts hidden tests without showing them", () => {
    const response = create(RunCodeResponseSchema, {
      status: RunStatus.COMPLETED,
      verdict: Verdict.WRONG_ANSWER,
      passedCount: 3,
      testCount: 5,
      testResults: [visible(0, true), visible(1, true), hidden(2, true), hidden(3, false), hidden(4, false)],
    });

    const summary = summarizeRun(response, "submit");

    assert.equal(summary.tone, "failed");
    assert.equal(summary.headline, "3 of 5 tests passed");
    assert.deepEqual([summary.visible.length, summary.hiddenPassed, summary.hiddenFailed], [2, 1, 2]);
  });

  it("names each limit with what to look for", () => {
    for (const [status, headline] of [
      [RunStatus.TIME_LIMIT_EXCEEDED, "Time limit exceeded"],
      [RunStatus.MEMORY_LIMIT_EXCEEDED, "Memory limit exceeded"],
      [RunStatus.OUTPUT_LIMIT_EXCEEDED, "Output limit exceeded"],
    ] as const) {
      const summary = summarizeRun(create(RunCodeResponseSchema, { status, verdict: Verdict.NOT_COMPLETED, testCount: 2 }), "examples");
      assert.equal(summary.tone, "limit");
      assert.equal(summary.headline, headline);
      assert.ok(summary.detail && summary.detail.length > 20);
    }
  });

  it("says the code did not run when it failed before any test, with the error's last line", () => {
    const response = create(RunCodeResponseSchema, { status: RunStatus.RUNTIME_ERROR, verdict: Verdict.NOT_COMPLETED, testCount: 2, stderr: 'Traceback:\n  File "solution.py", line 1\nSyntaxError: invalid syntax\n' });

    const summary = summarizeRun(response, "examples");

    assert.equal(summary.tone, "error");
    assert.equal(summary.detail, "SyntaxError: invalid syntax");
  });
});

describe("describeRunFailure", () => {
  it("tells a runner that is down from one that is busy", () => {
    assert.match(describeRunFailure(new ConnectError("no runner", Code.Unavailable)), /not available/);
    assert.match(describeRunFailure(new ConnectError("busy", Code.ResourceExhausted)), /busy/);
    assert.equal(describeRunFailure(new ConnectError("source: at most 65536 bytes", Code.InvalidArgument)), "source: at most 65536 bytes");
  });
});

describe("appendOutput", () => {
  it("keeps the newest output within the limit", () => {
    assert.equal(appendOutput("abc", "def", 4), "cdef");
    assert.equal(appendOutput("a", "b"), "ab");
  });
});
