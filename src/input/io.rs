//! The options that reach into the caller's code or into the request's headers: `fetch`,
//! `hooks` (functions, so the guard leaves them out of its copy and they are checked here with
//! catching reads), and `defaultHeaders` / `headers` (plain data, checked after serde).

use std::collections::BTreeMap;

use js_sys::{Array, Function, Reflect};
use nexus_wire::header;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{quoted, Checked, Path};

/// The moments of an attempt a caller can watch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    /// Before each attempt is sent.
    Request,
    /// When an attempt got a response, whatever its status.
    Response,
    /// When a failed attempt is about to be retried.
    Retry,
}

impl Hook {
    /// Every hook, in the order of [`Hooks`]'s slots.
    pub const ALL: [Hook; 3] = [Hook::Request, Hook::Response, Hook::Retry];

    /// The hook's key in `options.hooks`.
    pub fn name(self) -> &'static str {
        match self {
            Hook::Request => "onRequest",
            Hook::Response => "onResponse",
            Hook::Retry => "onRetry",
        }
    }
}

/// The caller's hook functions, one slot per [`Hook`].
#[derive(Clone, Debug, Default)]
pub struct Hooks([Option<Function>; 3]);

impl Hooks {
    /// The function of `hook`, when the caller gave one.
    pub fn get(&self, hook: Hook) -> Option<&Function> {
        self.0[hook as usize].as_ref()
    }
}

/// The caller's transport: its `fetch`, hooks and default headers.
#[derive(Clone, Debug, Default)]
pub struct Io {
    /// `options.fetch`; `globalThis.fetch` when absent.
    pub fetch: Option<Function>,
    /// `options.hooks`.
    pub hooks: Hooks,
    /// `options.defaultHeaders`, names lower-case.
    pub default_headers: Vec<(String, String)>,
}

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, which runs a Proxy's traps.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(object: &JsValue) -> Result<Array, JsValue>;
}

impl Io {
    /// Reads `fetch` and `hooks` of the client's `options`, and its checked `defaultHeaders`.
    pub fn read(
        options: &JsValue,
        path: &Path,
        default_headers: Option<BTreeMap<String, String>>,
    ) -> Checked<Io> {
        let mut io = Io {
            default_headers: header_list(default_headers, &path.key("defaultHeaders"))?,
            ..Io::default()
        };
        if !options.is_object() {
            return Ok(io); // a non-object `options` is reported when the options are read
        }
        io.fetch = function_at(options, path, "fetch")?;
        let path = path.key("hooks");
        let hooks = property(options, "hooks", &path)?;
        if hooks.is_undefined() || hooks.is_null() {
            return Ok(io);
        }
        if !hooks.is_object() || hooks.is_function() {
            return Err(path.error("must be an object of hook functions"));
        }
        let keys = object_keys(&hooks).map_err(|_| path.error("cannot be read (a trap threw)"))?;
        for key in keys.iter().filter_map(|key| key.as_string()) {
            if !Hook::ALL.iter().any(|hook| hook.name() == key) {
                return Err(path.error(format_args!(
                    "has unknown key {} (hooks are onRequest, onResponse and onRetry)",
                    quoted(&key)
                )));
            }
        }
        for hook in Hook::ALL {
            io.hooks.0[hook as usize] = function_at(&hooks, &path, hook.name())?;
        }
        Ok(io)
    }
}

/// `object[key]`, read with a catching call.
fn property(object: &JsValue, key: &str, path: &Path) -> Checked<JsValue> {
    Reflect::get(object, &JsValue::from_str(key))
        .map_err(|_| path.error("cannot be read (its getter threw)"))
}

/// `object[key]`: absent, or a function.
fn function_at(object: &JsValue, path: &Path, key: &str) -> Checked<Option<Function>> {
    let path = path.key(key);
    let value = property(object, key, &path)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<Function>()
        .map(Some)
        .map_err(|_| path.error("must be a function"))
}

/// Headers the SDK sets itself, which options may not replace.
const RESERVED: [&str; 2] = [header::SECRET_KEY, header::IDEMPOTENCY_KEY];

/// `headers` checked (names are HTTP tokens, values visible ASCII, spaces and tabs; neither
/// `Secret-Key` nor `Idempotency-Key`), names lower-cased.
pub fn header_list(
    headers: Option<BTreeMap<String, String>>,
    path: &Path,
) -> Checked<Vec<(String, String)>> {
    let mut list = Vec::new();
    for (name, value) in headers.unwrap_or_default() {
        let at = path.key(&name);
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(path.error(format_args!(
                "has {}, which is not a header name",
                quoted(&name)
            )));
        }
        if let Some(reserved) = RESERVED.iter().find(|r| r.eq_ignore_ascii_case(&name)) {
            return Err(at.error(format_args!(
                "cannot be set: the SDK sends {reserved} itself (an idempotency key of your own \
                 goes in options.idempotencyKey)"
            )));
        }
        if !value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        {
            return Err(at.error("must hold visible ASCII characters, spaces and tabs only"));
        }
        list.push((name.to_ascii_lowercase(), value));
    }
    Ok(list)
}

/// A `tchar` of RFC 9110.
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// `defaults` with `overrides` applied (a name in both takes the override's value).
pub fn merged(
    defaults: &[(String, String)],
    overrides: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = defaults
        .iter()
        .filter(|(name, _)| !overrides.iter().any(|(n, _)| n == name))
        .cloned()
        .collect();
    list.extend(overrides);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
        Some(
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn headers_are_checked_and_lower_cased() {
        let path = Path::root("options").key("headers");
        assert_eq!(
            header_list(headers(&[("X-Trace", "a b")]), &path),
            Ok(vec![("x-trace".into(), "a b".into())])
        );
        assert_eq!(
            header_list(headers(&[("secret-key", "x")]), &path)
                .unwrap_err()
                .message,
            "options.headers[\"secret-key\"] cannot be set: the SDK sends Secret-Key itself (an \
             idempotency key of your own goes in options.idempotencyKey)"
        );
        assert!(header_list(headers(&[("Idempotency-Key", "x")]), &path).is_err());
        assert_eq!(
            header_list(headers(&[("a b", "x")]), &path)
                .unwrap_err()
                .message,
            "options.headers has \"a b\", which is not a header name"
        );
        assert!(header_list(headers(&[("x", "line\nbreak")]), &path).is_err());
    }

    #[test]
    fn overrides_win() {
        let defaults = vec![("a".into(), "1".into()), ("b".into(), "2".into())];
        assert_eq!(
            merged(&defaults, vec![("b".into(), "3".into())]),
            vec![("a".to_string(), "1".to_string()), ("b".into(), "3".into())]
        );
    }
}
