//! The error classes of the JavaScript package and the `code` strings of the error bodies the
//! server answers with: the SDK maps a status to a class, the emulator writes the codes, and
//! the package's JavaScript classes are generated from [`ErrorKind::ALL`].

/// Which error class a failure maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// 400, or another 4xx without a class of its own.
    BadRequest,
    /// 401: the `Secret-Key` header was missing.
    Unauthorized,
    /// 403: the key does not grant this project (or the project does not exist).
    Forbidden,
    /// 404: no such sequence.
    NotFound,
    /// 409: e.g. a rename onto an existing name.
    Conflict,
    /// 429, after the retries allowed.
    TooManyRequests,
    /// 500, or another 5xx without a class of its own, after the retries allowed.
    InternalServer,
    /// 503, after the retries allowed.
    ServiceUnavailable,
    /// 504, after the retries allowed.
    GatewayTimeout,
    /// The connection failed or was dropped (refused, reset, DNS, CORS, a redirect refused),
    /// after the retries allowed.
    NetworkConnection,
    /// An attempt took longer than `timeoutMs`, after the retries allowed.
    RequestTimeout,
    /// A 2xx response whose body is not the documented shape.
    ResponseDecode,
    /// Bad input, rejected before any request; the message names the argument, action index
    /// and field, e.g. `actions[3].sequence.ord must be a non-negative integer`.
    Validation,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::BadRequest,
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::TooManyRequests,
        ErrorKind::InternalServer,
        ErrorKind::ServiceUnavailable,
        ErrorKind::GatewayTimeout,
        ErrorKind::NetworkConnection,
        ErrorKind::RequestTimeout,
        ErrorKind::ResponseDecode,
        ErrorKind::Validation,
    ];

    /// The JavaScript class name, also the `code` of client-side errors.
    pub const fn class_name(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => error_code::BAD_REQUEST,
            ErrorKind::Unauthorized => error_code::UNAUTHORIZED,
            ErrorKind::Forbidden => error_code::FORBIDDEN,
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::Conflict => error_code::CONFLICT,
            ErrorKind::TooManyRequests => error_code::TOO_MANY_REQUESTS,
            ErrorKind::InternalServer => error_code::INTERNAL_SERVER,
            ErrorKind::ServiceUnavailable => error_code::SERVICE_UNAVAILABLE,
            ErrorKind::GatewayTimeout => error_code::GATEWAY_TIMEOUT,
            ErrorKind::NetworkConnection => "NetworkConnectionError",
            ErrorKind::RequestTimeout => "RequestTimeoutError",
            ErrorKind::ResponseDecode => "ResponseDecodeError",
            ErrorKind::Validation => "ValidationError",
        }
    }

    /// The class for an HTTP error status (anything that is not 2xx).
    pub const fn from_status(status: u16) -> ErrorKind {
        match status {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::TooManyRequests,
            503 => ErrorKind::ServiceUnavailable,
            504 => ErrorKind::GatewayTimeout,
            500..=599 => ErrorKind::InternalServer,
            // 400, other 4xx, and statuses the transport never hands over (1xx; a 3xx
            // redirect fails the attempt before) are all the caller's request being refused.
            _ => ErrorKind::BadRequest,
        }
    }
}

/// The `code` of the server's error bodies (`{"code", "message"}`). The codes of the common
/// statuses are also class names of the SDK; the others are refined codes under a broader class
/// (a 404's `ResourceNotFoundError` is a `NotFoundError`).
pub mod error_code {
    /// 400 and malformed requests.
    pub const BAD_REQUEST: &str = "BadRequestError";
    /// 401: no secret key.
    pub const UNAUTHORIZED: &str = "UnauthorizedError";
    /// 403: the key does not grant the project.
    pub const FORBIDDEN: &str = "ForbiddenError";
    /// 404: no such resource.
    pub const RESOURCE_NOT_FOUND: &str = "ResourceNotFoundError";
    /// 405: the route exists, the method does not.
    pub const METHOD_NOT_ALLOWED: &str = "MethodNotAllowedError";
    /// 409: a conflicting change.
    pub const CONFLICT: &str = "ConflictError";
    /// 413: the body is over the size limit.
    pub const PAYLOAD_TOO_LARGE: &str = "PayloadTooLargeError";
    /// 414: the request URI is too long.
    pub const URI_TOO_LONG: &str = "UriTooLongError";
    /// 422: an `Idempotency-Key` reused for a different request.
    pub const IDEMPOTENCY_KEY_REUSED: &str = "IdempotencyKeyReusedError";
    /// 429: rate limited.
    pub const TOO_MANY_REQUESTS: &str = "TooManyRequestsError";
    /// 431: the request head is too large.
    pub const REQUEST_HEADER_FIELDS_TOO_LARGE: &str = "RequestHeaderFieldsTooLargeError";
    /// 500.
    pub const INTERNAL_SERVER: &str = "InternalServerError";
    /// 502.
    pub const BAD_GATEWAY: &str = "BadGatewayError";
    /// 503.
    pub const SERVICE_UNAVAILABLE: &str = "ServiceUnavailableError";
    /// 504.
    pub const GATEWAY_TIMEOUT: &str = "GatewayTimeoutError";
}
