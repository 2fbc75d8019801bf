//! Copying a JavaScript value into a [`Value`] tree, without ever throwing or panicking:
//! getters that throw, cycles and exotic objects all become [`Value::Unsupported`].

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::{Checked, Path, Value};

/// Deeper than any input the API takes; it also stops cycles.
const MAX_DEPTH: usize = 16;

/// Copies `value` into a [`Value`].
pub fn to_value(value: &JsValue) -> Value {
    copy(value, 0)
}

fn copy(value: &JsValue, depth: usize) -> Value {
    if value.is_undefined() || value.is_null() {
        return Value::Absent;
    }
    if let Some(b) = value.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = value.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = value.as_string() {
        return Value::String(s);
    }
    if value.is_function() {
        return Value::Unsupported("a function");
    }
    if !value.is_object() {
        return Value::Unsupported("a symbol or bigint");
    }
    if depth >= MAX_DEPTH {
        return Value::Unsupported("a value nested too deeply");
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        return Value::Array(array.iter().map(|item| copy(&item, depth + 1)).collect());
    }
    let object: &Object = value.unchecked_ref();
    if !is_plain(object) {
        return Value::Unsupported("an object that is not a plain object");
    }
    let entries = Object::keys(object)
        .iter()
        .filter_map(|key| {
            let name = key.as_string()?;
            let item = match Reflect::get(object, &key) {
                Ok(item) => copy(&item, depth + 1),
                Err(_) => Value::Unsupported("a property whose getter throws"),
            };
            Some((name, item))
        })
        .collect();
    Value::Object(entries)
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
