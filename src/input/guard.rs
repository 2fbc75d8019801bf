//! The guard in front of serde-wasm-bindgen: a copy of the caller's value into fresh plain data,
//! made only through JavaScript calls that catch exceptions.
//!
//! Why: `serde_wasm_bindgen::from_value` calls imports that do not catch, so a caller's
//! exception (a throwing getter, a Proxy trap, a revoked Proxy, an array whose `length` throws)
//! would unwind through wasm frames without restoring the shadow stack, and after some hundreds
//! of calls every call of the module would fail. It also reads only a struct's declared fields,
//! reads a `Map` or a class instance as an object, recurses forever on a cycle and turns lone
//! surrogates into U+FFFD. The copy closes all of that: it holds only `null`, booleans, finite
//! numbers, well-formed strings, arrays and null-prototype objects of own enumerable string keys,
//! nested at most [`MAX_DEPTH`] deep, with array lengths checked before anything is copied.
//! Keys whose value is `undefined` are left out: absent and `undefined` mean the same.

use js_sys::{Array, JsString, Object, Reflect};
use nexus_wire::rules::MAX_BODY_BYTES;
use wasm_bindgen::prelude::*;

use super::{Checked, Path};

/// Deeper than any input the API takes; it also stops cycles.
pub const MAX_DEPTH: usize = 16;

/// The most elements an array may have (actions of one bulk update, mostly): checked before
/// anything is read, so `new Array(2 ** 32 - 1)` is refused at once.
pub const MAX_ARRAY_LENGTH: u32 = 100_000;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws on a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// Copies `value`, the argument at `path`, leaving out its top-level keys `skipped`.
pub fn copy(value: &JsValue, path: &Path, skipped: &[&str]) -> Checked<JsValue> {
    Copy {
        ancestors: Vec::new(),
    }
    .value(value, path, skipped)
}

/// One copy in progress.
struct Copy {
    /// The objects and arrays being copied, outermost first: a value among them is a cycle.
    ancestors: Vec<JsValue>,
}

impl Copy {
    fn value(&mut self, value: &JsValue, path: &Path, skipped: &[&str]) -> Checked<JsValue> {
        if value.is_undefined() || value.is_null() {
            return Ok(JsValue::NULL);
        }
        if value.as_bool().is_some() {
            return Ok(value.clone());
        }
        if let Some(number) = value.as_f64() {
            return match number.is_finite() {
                true => Ok(value.clone()),
                false => Err(path.error("must be a finite number")),
            };
        }
        if value.is_string() {
            check_length(value.unchecked_ref(), path, "is")?;
            check_well_formed(value, &value.as_string().unwrap_or_default(), path, "is")?;
            return Ok(value.clone());
        }
        if value.is_function() {
            return Err(path.error("must be plain data, not a function"));
        }
        if !value.is_object() {
            return Err(path.error("must be plain data, not a symbol or bigint"));
        }
        if self
            .ancestors
            .iter()
            .any(|ancestor| Object::is(ancestor, value))
        {
            return Err(path.error("refers to an object that contains it (a cycle)"));
        }
        if self.ancestors.len() >= MAX_DEPTH {
            return Err(path.error(format_args!("is nested more than {MAX_DEPTH} levels deep")));
        }
        self.ancestors.push(value.clone());
        let copied = if is_array(value).map_err(|thrown| threw(path, &thrown))? {
            self.array(value, path)
        } else {
            self.object(value.unchecked_ref(), path, skipped)
        };
        self.ancestors.pop();
        copied
    }

    fn array(&mut self, array: &JsValue, path: &Path) -> Checked<JsValue> {
        let length = Reflect::get(array, &JsValue::from_str("length"))
            .map_err(|thrown| threw(path, &thrown))?
            .as_f64()
            .unwrap_or(f64::NAN);
        if !(0.0..=f64::from(MAX_ARRAY_LENGTH)).contains(&length) {
            return Err(path.error(format_args!(
                "has {length} elements; at most {MAX_ARRAY_LENGTH} are accepted"
            )));
        }
        let length = length as u32;
        let out = Array::new_with_length(length);
        for index in 0..length {
            let item_path = path.index(index as usize);
            let item =
                Reflect::get_u32(array, index).map_err(|thrown| threw(&item_path, &thrown))?;
            out.set(index, self.value(&item, &item_path, &[])?);
        }
        Ok(out.into())
    }

    fn object(&mut self, object: &Object, path: &Path, skipped: &[&str]) -> Checked<JsValue> {
        if !is_plain(object).map_err(|thrown| threw(path, &thrown))? {
            return Err(path.error(
                "must be a plain object or array (not a Map, Set, Date, class instance, ...)",
            ));
        }
        let out: Object = Object::create(JsValue::NULL.unchecked_ref::<Object>());
        let keys = Reflect::own_keys(object).map_err(|thrown| threw(path, &thrown))?;
        for key in keys.iter() {
            if !key.is_string() {
                continue; // a symbol
            }
            // Before the key's text is copied into wasm (by as_string) its length is checked.
            check_length(key.unchecked_ref(), path, "has a key that is")?;
            let name = key.as_string().unwrap_or_default();
            check_well_formed(&key, &name, path, "has a key that is")?;
            if skipped.contains(&name.as_str()) {
                continue;
            }
            let item_path = path.key(&name);
            if !is_enumerable(object, &key).map_err(|thrown| threw(&item_path, &thrown))? {
                continue;
            }
            let item = Reflect::get(object, &key).map_err(|thrown| threw(&item_path, &thrown))?;
            if item.is_undefined() {
                continue;
            }
            let item = self.value(&item, &item_path, &[])?;
            // A fresh null-prototype object: defining an own property cannot fail.
            let _ = Reflect::set(&out, &key, &item);
        }
        Ok(out.into())
    }
}

/// A plain object: its prototype is `null` or some realm's `Object.prototype` (whose own
/// prototype is `null`). Rules out `Map`, `Date`, class instances and the like.
fn is_plain(object: &Object) -> Result<bool, JsValue> {
    let proto = Reflect::get_prototype_of(object)?;
    Ok(proto.is_null() || Reflect::get_prototype_of(&proto)?.is_null())
}

/// Whether `object`'s own property `key` is enumerable, as `Object.keys` would count it.
fn is_enumerable(object: &Object, key: &JsValue) -> Result<bool, JsValue> {
    let descriptor = Reflect::get_own_property_descriptor(object, key)?;
    if descriptor.is_undefined() {
        return Ok(false);
    }
    Ok(Reflect::get(&descriptor, &JsValue::from_str("enumerable"))?.is_truthy())
}

/// A string longer than any request body cannot be sent, whatever its field's own limit. Its
/// length in UTF-16 units is read without copying its text into wasm (each unit is at least one
/// UTF-8 byte), so `"x".repeat(5e8)` is refused at once instead of after a half-gigabyte copy.
fn check_length(text: &JsString, path: &Path, subject: &str) -> Checked<()> {
    let units = text.length() as usize;
    if units > MAX_BODY_BYTES {
        return Err(path.error(format_args!(
            "{subject} {units} characters long, more than a request may carry \
             ({MAX_BODY_BYTES} bytes)"
        )));
    }
    Ok(())
}

/// A string that is not well-formed UTF-16 (a lone surrogate) cannot be sent as it is: turning
/// it into UTF-8 would silently put U+FFFD in its place.
/// `text` is `value` as Rust reads it.
fn check_well_formed(value: &JsValue, text: &str, path: &Path, subject: &str) -> Checked<()> {
    // U+FFFD is what a lone surrogate becomes; only then is the slower check needed.
    if text.contains('\u{fffd}') && !value.unchecked_ref::<JsString>().is_valid_utf16() {
        return Err(path.error(format_args!(
            "{subject} not well-formed UTF-16 (it has a lone surrogate)"
        )));
    }
    Ok(())
}

/// The `ValidationError` for an exception the caller's value threw while being read.
fn threw(path: &Path, thrown: &JsValue) -> crate::errors::NexusError {
    // Reading the thrown value's `message` goes through a catching call too: it may be a Proxy.
    let message = Reflect::get(thrown, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "a non-Error value".to_owned());
    path.error(format_args!("could not be read: it threw ({message})"))
}
