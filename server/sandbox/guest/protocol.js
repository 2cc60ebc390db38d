// The one door to the host: `host(op, json) -> json`. Every value crossing is a string the host
// parses and bounds; no guest object is ever touched by the host. Captured at load, before learner
// code could replace JSON.
const stringify = JSON.stringify;
const parse = JSON.parse;
let host = null;

export { stringify, parse };

export function connect(hostFunction) {
  host = hostFunction;
}

export function call(op, payload) {
  const answer = parse(host(op, stringify(payload === undefined ? null : payload)));
  if (answer?.__error) {
    const error = new Error(answer.__error);
    if (answer.__name) error.name = answer.__name;
    throw error;
  }
  return answer;
}

/** Where in handler.js the caller stands, read from the guest's own stack: [line, column]. */
export function callerPosition() {
  const m = /handler\.js:(\d+)(?::(\d+))?/.exec(String(new Error().stack || ''));
  return m ? [Number(m[1]), Number(m[2] || 1)] : null;
}

// A thrown 20 MB message is cut here, with primitives captured at load, before it is copied anywhere.
const sliceText = String.prototype.slice;
const applyFn = Reflect.apply;
function clip(value, max) {
  const text = String(value);
  if (text.length <= max) return text;
  const rest = text.length - max;
  const more = rest >= 1048576 ? Math.round(rest / 104857.6) / 10 + ' MB' : rest >= 1024 ? Math.round(rest / 1024) + ' KB' : rest + ' bytes';
  return applyFn(sliceText, text, [0, max]) + '… ' + more + ' more';
}

/** Learner-facing frames only: "at handler (line 4)". */
export function learnerFrames(error) {
  const frames = [];
  clip(error?.stack || '', 16384)
    .split('\n')
    .forEach((line) => {
      const m = /at (?:(\S+) )?\(?handler\.js:(\d+)(?::(\d+))?\)?/.exec(line);
      if (m) frames.push({ fn: m[1] || null, line: Number(m[2]), column: Number(m[3] || 1) });
    });
  return frames;
}

export function describeError(error) {
  if (error instanceof Error) return { message: clip(error.name, 200) + ': ' + clip(error.message, 2000), frames: learnerFrames(error) };
  let text;
  try {
    text = stringify(error);
  } catch {
    text = undefined;
  }
  return { message: 'Thrown value: ' + clip(text === undefined ? String(error) : text, 2000), frames: [] };
}
