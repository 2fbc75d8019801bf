// The SDK's error hierarchy: its base class here, one class per nexus-wire `ErrorKind` appended
// by scripts/build-package.sh (nexus-wire-js errors), which then copies the result to
// web/errors.js and derives node/errors.cjs from it. Keep it to `export class|const` lines
// and no imports, so that the derivation stays a plain text rewrite.
//
// The wasm side builds every error it rejects with as `new Class(message, {status, code,
// detail, requestId, headers, retryAfterMs, cause})`, using the classes handed to
// `registerErrorClasses`.

/** Base class of every error the SDK throws. */
export class NexusError extends Error {
  constructor(
    message,
    { status = null, code, detail = null, requestId = null, headers = null, retryAfterMs = null, cause } = {},
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.status = status;
    this.code = code ?? this.name;
    this.detail = detail;
    this.requestId = requestId;
    this.headers = headers;
    this.retryAfterMs = retryAfterMs;
  }

  // `JSON.stringify` skips an Error's own `name`, `message` and `stack`; a log line wants the
  // first two. Headers and cause stay out: the first is bulky, the second may not serialise.
  toJSON() {
    const { name, message, status, code, requestId, detail, retryAfterMs } = this;
    return { name, message, status, code, requestId, detail, retryAfterMs };
  }
}
// Names come from strings, not from class bindings, so that minifiers renaming classes in a
// user's bundle cannot change `error.name` or the default `error.code`.
NexusError.prototype.name = "NexusError";

function errorClass(name) {
  const ErrorClass = class extends NexusError {};
  Object.defineProperty(ErrorClass, "name", { value: name });
  ErrorClass.prototype.name = name;
  return ErrorClass;
}
