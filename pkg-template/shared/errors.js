// The SDK's error hierarchy, written once: scripts/build-package.sh copies this file to
// web/errors.js and derives node/errors.cjs from it. Keep it to `export class|const` lines
// and no imports, so that the derivation stays a plain text rewrite.
//
// The wasm side builds every error it rejects with as `new Class(message, {status, code,
// detail, requestId})`, using the classes handed to `registerErrorClasses`.

/** Base class of every error the SDK throws. */
export class NexusError extends Error {
  constructor(message, { status = null, code, detail = null, requestId = null, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.status = status;
    this.code = code ?? this.name;
    this.detail = detail;
    this.requestId = requestId;
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

export const BadRequestError = errorClass("BadRequestError");
export const UnauthorizedError = errorClass("UnauthorizedError");
export const ForbiddenError = errorClass("ForbiddenError");
export const NotFoundError = errorClass("NotFoundError");
export const ConflictError = errorClass("ConflictError");
export const TooManyRequestsError = errorClass("TooManyRequestsError");
export const InternalServerError = errorClass("InternalServerError");
export const ServiceUnavailableError = errorClass("ServiceUnavailableError");
export const GatewayTimeoutError = errorClass("GatewayTimeoutError");
export const NetworkConnectionError = errorClass("NetworkConnectionError");
export const RequestTimeoutError = errorClass("RequestTimeoutError");
export const ResponseDecodeError = errorClass("ResponseDecodeError");
export const ValidationError = errorClass("ValidationError");
