//! Copying a JavaScript value into a [`Value`] tree, without ever throwing or panicking:
//! getters that throw, cycles and exotic objects all become [`Value::Unsupported`].
//!
//! Strings that are not well-formed UTF-16 (a lone surrogate) cannot be sent as they are: the
//! conversion to UTF-8 would silently put U+FFFD in their place, so the server would store
//! something other than what the caller passed. They are refused here, naming where they are.

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::{Checked, Path, Value};

/// Deeper than any input the API takes; it also stops cycles.
const MAX_DEPTH: usize = 16;

/// Copies the argument `value`, found at `path`, into a [`Value`].
pub fn to_value(value: &JsValue, path: &Path) -> Checked<Value> {
    copy(value, path, 0)
}

fn copy(value: &JsValue, path: &Path, depth: usize) -> Checked<Value> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Absent);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(s) = string(value) {
        return s.map(Value::String).ok_or_else(|| path.error(ILL_FORMED));
    }
    if value.is_function() {
        return Ok(Value::Unsupported("a function"));
    }
    if !value.is_object() {
        return Ok(Value::Unsupported("a symbol or bigint"));
    }
    if depth >= MAX_DEPTH {
        return Ok(Value::Unsupported("a value nested too deeply"));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        return array
            .iter()
            .enumerate()
            .map(|(i, item)| copy(&item, &path.index(i), depth + 1))
            .collect::<Checked<_>>()
            .map(Value::Array);
    }
    let object: &Object = value.unchecked_ref();
    if !is_plain(object) {
        return Ok(Value::Unsupported("an object that is not a plain object"));
    }
    let mut entries = Vec::new();
    for key in Object::keys(object).iter() {
        let Some(name) = string(&key) else { continue };
        let Some(name) = name else {
            return Err(path.error(format_args!("has a key that {ILL_FORMED}")));
        };
        let item_path = path.key(&name);
        let item = match Reflect::get(object, &key) {
            Ok(item) => copy(&item, &item_path, depth + 1)?,
            Err(_) => Value::Unsupported("a property whose getter throws"),
        };
        entries.push((name, item));
    }
    Ok(Value::Object(entries))
}

const ILL_FORMED: &str = "is not well-formed UTF-16 (it has a lone surrogate)";

/// `None` for a non-string; `Some(None)` for a string with a lone surrogate.
fn string(value: &JsValue) -> Option<Option<String>> {
    let text = value.as_string()?;
    // U+FFFD is what a lone surrogate becomes; only then is the slower check needed.
    if text.contains('\u{fffd}') && !value.unchecked_ref::<JsString>().is_valid_utf16() {
        return Some(None);
    }
    Some(Some(text))
}

/// The `signal` of an options object: absent, or an `AbortSignal`.
pub fn signal_of(options: &JsValue, path: &Path) -> Checked<Option<web_sys::AbortSignal>> {
    if !options.is_object() {
        return Ok(None); // a non-object `options` is reported by the options check
    }
    let signal = Reflect::get(options, &JsValue::from_str("signal")).unwrap_or(JsValue::UNDEFINED);
    if signal.is_undefined() || signal.is_null() {
        return Ok(None);
    }
    signal
        .dyn_into::<web_sys::AbortSignal>()
        .map(Some)
        .map_err(|_| path.key("signal").error("must be an AbortSignal"))
}

/// A plain object: its prototype is `null` or some realm's `Object.prototype` (whose own
/// prototype is `null`). Rules out `Map`, `Date`, class instances and the like.
fn is_plain(object: &Object) -> bool {
    let proto = Object::get_prototype_of(object);
    proto.is_null() || Object::get_prototype_of(&proto).is_null()
}
