// The Figure 1 playground's worker: one network's training, off the page's main thread.
//
// playground-ui.js starts one worker per network. Messages in:
//   {type: "data", bytes}        the data file as fetched (gzipped: unzipped here);
//   {type: "start", id, settings} a new run (playground-train.js's Run), trained at once;
//   {type: "pause"}, {type: "resume"}, {type: "stop"}.
// Messages out: {type: "ready"} once the data is read, {type: "error", message}, and while
// training, about every SLICE milliseconds, {type: "progress", id, step, evaluations, done,
// busy}: the evaluations made since the last message and the milliseconds spent training
// (pauses left out), from which the page reports steps per second.

import { parseData, Run } from "./playground-train.js";

const SLICE = 40; // ms of training between two messages: the page redraws at its own pace

let data = null;
let run = null;
let id = 0;
let paused = true;
let busy = 0;
let evaluated = -1;

// A zero-delay turn of the event loop between slices (setTimeout waits 4 ms once nested),
// so that pause and stop messages are read promptly.
const channel = new MessageChannel();
let scheduled = false;
channel.port1.onmessage = () => {
  scheduled = false;
  work();
};
function schedule() {
  if (!scheduled) {
    scheduled = true;
    channel.port2.postMessage(null);
  }
}

async function unzip(bytes) {
  const head = new Uint8Array(bytes, 0, 2);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return bytes; // a server that unzipped it already
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

self.onmessage = async ({ data: message }) => {
  try {
    switch (message.type) {
      case "data":
        data = parseData(await unzip(message.bytes));
        postMessage({ type: "ready" });
        break;
      case "start":
        id = message.id;
        run = new Run(data, message.settings);
        busy = 0;
        evaluated = -1;
        paused = false;
        schedule();
        break;
      case "pause":
        paused = true;
        break;
      case "resume":
        if (run && !run.done) {
          paused = false;
          schedule();
        }
        break;
      case "stop":
        run = null;
        paused = true;
        break;
      default:
        break;
    }
  } catch (error) {
    postMessage({ type: "error", message: String(error?.message ?? error) });
  }
};

function work() {
  if (paused || !run) return;
  const started = performance.now();
  const evaluations = [];
  try {
    // Evaluate before each step that needs it, the last step's included: a slice may end
    // only before a training step, never between the last one and its evaluation.
    for (;;) {
      if (run.evaluatesNow && evaluated !== run.step) {
        evaluations.push(run.evaluate());
        evaluated = run.step;
      }
      if (run.done || performance.now() - started >= SLICE) break;
      run.train();
    }
  } catch (error) {
    postMessage({ type: "error", message: String(error?.message ?? error) });
    run = null;
    return;
  }
  busy += performance.now() - started;
  postMessage({ type: "progress", id, step: run.step, evaluations, done: run.done, busy });
  if (!run.done) schedule();
}
